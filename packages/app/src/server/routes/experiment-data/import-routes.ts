import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { withLiveProgress } from '../../../imports/import-progress.ts';
import { findImportRecords, getImportRecord } from '../../../imports/import-records.ts';
import { getDataFile } from '../../../measurements/data-files.ts';
import { previewOfImport } from '../../../column-mappings/import-preview.ts';
import { HttpProblem } from '../../http/problem.ts';
import { closed, IdParams, toId } from '../../schemas/common.ts';
import { MappingName, namedMapping } from './column-mapping-routes.ts';
import { deleteImportOf, importFor, retryImportOf } from './data-actions.ts';
import { DataFileJson, ExperimentParams, ImportJson, TablePreviewJson } from './data-schemas.ts';
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

  app.get<{ Params: { id: string } }>(
    '/api/imports/:id/table',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "The column names and first rows of a failed import's kept file (to map its columns)",
        description: '404 when the import kept no file, or its file holds no table.',
        tags,
        params: IdParams,
        response: { 200: TablePreviewJson },
      },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      await importFor(app, request, id, 'view');
      const table = await previewOfImport(connection.db, id);
      if (table === null)
        throw new HttpProblem('NOT_FOUND', `import ${id} kept no table to map`, { field: 'id' });
      const { line, columns, rows, signature } = table;
      return { line, columns, rows, signature };
    },
  );

  app.post<{ Params: { id: string }; Querystring: { mapping?: string } }>(
    '/api/imports/:id/retry',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary:
          'Run a failed import again from the file it kept (`retryable: true`); `?mapping=` reads it with a saved column mapping',
        description:
          'Answers like an upload: 200 with the import and the stored file, or a problem with the reason. ' +
          '409 when the import is not failed or its file was not kept (upload the file again).',
        tags,
        params: IdParams,
        querystring: closed({ mapping: Type.Optional(MappingName) }),
        response: { 200: Type.Object({ import: ImportJson, file: DataFileJson }) },
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const mapping = await namedMapping(connection.db, request.query.mapping);
      const { record, result } = await retryImportOf(app, request, id, mapping);
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
