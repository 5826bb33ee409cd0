import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { getImportRecord } from '../../imports/import-records.ts';
import { getDataFile } from '../../measurements/data-files.ts';
import { onExperiment } from '../../server/access.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import {
  deleteFileOfExperiment,
  deleteImportOf,
  retryImportOf,
} from '../../server/routes/experiment-data/data-actions.ts';
import { closed, IdString, toId } from '../../server/schemas/common.ts';
import { formBody } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { DeleteFilePage } from '../pages/experiment-form.tsx';
import { sendPage, seeOther } from '../render.ts';

type FileParams = { Params: { id: string; fileId: string } };
type ImportParams = { Params: { id: string; importId: string } };
const FileParamsSchema = closed({ id: IdString, fileId: IdString });
const ImportParamsSchema = closed({ id: IdString, importId: IdString });

/**
 * The experiment page's data buttons: delete a file, retry or delete an import — the functions
 * the API's `DELETE /api/experiments/:id/files/:fileId`, `POST /api/imports/:id/retry` and
 * `DELETE /api/imports/:id` call, with the same decision and audit entry.
 */
export function experimentDataPages(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const config = onExperiment('batterydb.change_experiment');
  const ids = (request: FastifyRequest<FileParams>) => ({
    experimentId: toId(request.params.id, 'id'),
    fileId: toId(request.params.fileId, 'fileId'),
  });

  app.get<FileParams>(
    '/experiments/:id/files/:fileId/delete',
    { config, schema: { params: FileParamsSchema } },
    async (request, reply) => {
      const { experimentId, fileId } = ids(request);
      await getExperiment(authz, connection.db, request.subject, experimentId, 'batterydb.change_experiment');
      const file = await getDataFile(connection.db, experimentId, fileId);
      if (!file) throw new HttpProblem('NOT_FOUND', `file ${fileId} was not found`, { field: 'fileId' });
      return sendPage(
        reply,
        <DeleteFilePage ctx={pageContext(request, reply)} experimentId={experimentId} file={file} />,
      );
    },
  );

  app.post<FileParams>(
    '/experiments/:id/files/:fileId/delete',
    { config, schema: { params: FileParamsSchema, body: formBody({}) } },
    async (request, reply) => {
      const { experimentId, fileId } = ids(request);
      await deleteFileOfExperiment(app, request, experimentId, fileId);
      setFlash(reply, { kind: 'ok', text: 'The file is deleted with its samples and cycles.' });
      return seeOther(reply, `/experiments/${experimentId}`);
    },
  );

  for (const what of ['retry', 'delete'] as const)
    app.post<ImportParams>(
      `/experiments/:id/imports/:importId/${what}`,
      { config, schema: { params: ImportParamsSchema, body: formBody({}) } },
      async (request, reply) => {
        const experimentId = toId(request.params.id, 'id');
        const importId = toId(request.params.importId, 'importId');
        // The import must belong to this page's experiment (its own decision comes from there too).
        await getExperiment(authz, connection.db, request.subject, experimentId);
        const record = await getImportRecord(connection.db, importId);
        if (!record || record.experimentId !== experimentId)
          throw new HttpProblem('NOT_FOUND', `import ${importId} was not found`, { field: 'importId' });
        if (what === 'delete') {
          await deleteImportOf(app, request, importId);
          setFlash(reply, { kind: 'ok', text: `The import of ${record.fileName} is deleted.` });
        } else {
          const { result } = await retryImportOf(app, request, importId);
          setFlash(
            reply,
            result.ok
              ? { kind: 'ok', text: `${record.fileName} is imported.` }
              : { kind: 'error', text: `${record.fileName} did not import: ${result.error.message}` },
          );
        }
        return seeOther(reply, `/experiments/${experimentId}`);
      },
    );
}
