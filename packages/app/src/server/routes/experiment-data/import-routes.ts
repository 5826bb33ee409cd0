import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { withLiveProgress } from '../../../imports/import-progress.ts';
import { findImportRecords, getImportRecord } from '../../../imports/import-records.ts';
import { HttpProblem } from '../../http/problem.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { ExperimentParams, ImportJson } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiment data'];
/** Import progress and history; readable by whoever may view the experiment. */
export function importRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Params: { id: string } }>(
    '/api/imports/:id',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'One import: status (receiving, importing, done, failed), progress counters, the error',
        tags,
        params: IdParams,
        response: { 200: ImportJson },
      },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      const record = await getImportRecord(connection.db, id);
      // The import of an invisible experiment does not exist either, in the same words.
      const notFound = new HttpProblem('NOT_FOUND', `import ${id} was not found`, { field: 'id' });
      if (!record) throw notFound;
      try {
        await requireExperiment(authz, request.subject, record.experimentId, 'view');
      } catch (error) {
        if (error instanceof HttpProblem && error.code === 'NOT_FOUND') throw notFound;
        throw error;
      }
      return withLiveProgress(record);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id/imports',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "The experiment's last 50 uploads, newest first, running ones included",
        tags,
        params: ExperimentParams,
        response: { 200: Type.Object({ items: Type.Array(ImportJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const items = await findImportRecords(connection.db, experimentId);
      return { items: items.map(withLiveProgress) };
    },
  );
}
