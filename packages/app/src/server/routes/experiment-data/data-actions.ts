import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deleteDataFile, deleteImport } from '../../../imports/delete-import.ts';
import { getImportRecord, type ImportItem } from '../../../imports/import-records.ts';
import type { SavedColumnMapping } from '../../../cycler/index.ts';
import { retryImport } from '../../../imports/retry-import.ts';
import { getDataFile } from '../../../measurements/data-files.ts';
import { HttpProblem } from '../../http/problem.ts';
import { dataAudit } from './data-audit.ts';
import { requireExperiment } from './experiment-access.ts';

/*
 * The changes to an experiment's data that both edges offer (the API's DELETE/POST routes and
 * the experiment page's buttons): one function each, so the decision, the change and its audit
 * entry are the same whichever edge asked.
 */

/** The import, decided by its experiment: the import of an invisible experiment is not found either. */
export async function importFor(
  app: FastifyInstance,
  request: FastifyRequest,
  id: number,
  action: 'view' | 'change',
): Promise<ImportItem> {
  const { authz, connection } = app.batterydb;
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

/** Deletes one file with its samples and cycles (and the import that stored it), audited. */
export async function deleteFileOfExperiment(
  app: FastifyInstance,
  request: FastifyRequest,
  experimentId: number,
  fileId: number,
): Promise<void> {
  const { authz, connection } = app.batterydb;
  await requireExperiment(authz, request.subject, experimentId, 'change');
  const file = await getDataFile(connection.db, experimentId, fileId);
  if (!file) throw new HttpProblem('NOT_FOUND', `file ${fileId} was not found`, { field: 'fileId' });
  await deleteDataFile(connection.db, { experimentId, fileId }, (db) =>
    dataAudit(
      authz,
      request,
      'data.delete-file',
      experimentId,
    )(db, {
      fileId,
      fileName: file.fileName,
      sha256: file.sha256,
    }),
  );
}

/** Deletes a finished import with what it stored, audited (409 while it runs). */
export async function deleteImportOf(
  app: FastifyInstance,
  request: FastifyRequest,
  id: number,
): Promise<ImportItem> {
  const { authz, connection } = app.batterydb;
  const record = await importFor(app, request, id, 'change');
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
  return record;
}

/** Runs a failed import again from the file it kept, audited when it publishes. */
export async function retryImportOf(
  app: FastifyInstance,
  request: FastifyRequest,
  id: number,
  columnMapping?: SavedColumnMapping,
) {
  const { authz, connection } = app.batterydb;
  const record = await importFor(app, request, id, 'change');
  const result = await retryImport(connection, id, {
    ...(columnMapping ? { columnMapping } : {}),
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
        ...(file.replaces !== null ? { replaces: file.replaces } : {}),
      }),
  });
  return { record, result };
}
