import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { deleteImport } from '../../../imports/delete-import.ts';
import { withLiveProgress } from '../../../imports/import-progress.ts';
import { findImportRecords, getImportRecord, type ImportItem } from '../../../imports/import-records.ts';
import { retryImport } from '../../../imports/retry-import.ts';
import { getDataFile } from '../../../measurements/data-files.ts';
import { HttpProblem } from '../../http/problem.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { dataAudit } from './data-audit.ts';
import { DataFileJson, ExperimentParams, ImportJson } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { sendImportProblem } from './import-problem.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiment data'];

/** Import progress and history (whoever may view the experiment); retry and delete (whoever may change it). */
export function importRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  /** The import, decided by its experiment: the import of an invisible experiment is not found either. */
  async function importFor(
    request: FastifyRequest,
    id: number,
    action: 'view' | 'change',
  ): Promise<ImportItem> {
    const record = await getImportRecord(connection.db, id);
    const notFound = new HttpProblem('NOT_FOUND', `import ${id} was not found`, { field: 'id' });
    if (!record) throw notFound;
    try {
      await requireExperiment(authz, request.subject, record.experimentId, action);
    } catch (error) {
      if (error instanceof HttpProblem && error.code === 'NOT_FOUND') throw notFound;
      throw error;
    }
    return record;
  }

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
    async (request) => withLiveProgress(await importFor(request, toId(request.params.id, 'id'), 'view')),
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
      const record = await importFor(request, id, 'change');
      const result = await retryImport(connection, id, {
        onPublish: (db, file) =>
          dataAudit(
            authz,
            request,
            'data.retry',
            record.experimentId,
          )(db, {
            importId: id,
            fileId: file.fileId,
            fileName: record.fileName,
          }),
      });
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
      const record = await importFor(request, id, 'change');
      await deleteImport(connection.db, id, (db) =>
        dataAudit(
          authz,
          request,
          'data.delete-import',
          record.experimentId,
        )(db, {
          importId: id,
          fileName: record.fileName,
          status: record.status,
        }),
      );
      return reply.code(204).send();
    },
  );
}
