import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { withLiveProgress } from '../../../imports/import-progress.ts';
import { findImportRecords, getImportRecord } from '../../../imports/import-records.ts';
import { getDataFile } from '../../../measurements/data-files.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { deleteImportOf, importFor, retryImportOf } from './data-actions.ts';
import { DataFileJson, ExperimentParams, ImportJson } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { sendImportProblem } from './import-problem.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiment data'];

/** Import progress and history (whoever may view the experiment); retry and delete (whoever may change it). */
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
    async (request) => withLiveProgress(await importFor(app, request, toId(request.params.id, 'id'), 'view')),
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

  app.post<{ Params: { id: string } }>(
    '/api/imports/:id/retry',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Run a failed import again from the file it kept (`retryable: true`)',
        description:
          'Answers like an upload: 200 with the import and the stored file, or a problem with the reason. ' +
          '409 when the import is not failed or its file was not kept (upload the file again).',
        tags,
        params: IdParams,
        response: { 200: Type.Object({ import: ImportJson, file: DataFileJson }) },
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const { record, result } = await retryImportOf(app, request, id);
      if (!result.ok) return sendImportProblem(reply, result.error, id);
      const [done, file] = await Promise.all([
        getImportRecord(connection.db, id),
        getDataFile(connection.db, record.experimentId, result.file.fileId),
      ]);
      return { import: done, file };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/imports/:id',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Delete a finished import with what it stored (its file, samples and cycles)',
        description: '409 while the import is still running.',
        tags,
        params: IdParams,
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      await deleteImportOf(app, request, id);
      return reply.code(204).send();
    },
  );
}
