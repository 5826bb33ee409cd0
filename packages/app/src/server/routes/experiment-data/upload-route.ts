import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { getCell } from '../../../cells/find-cells.ts';
import { getImportRecord } from '../../../imports/import-records.ts';
import { runImport } from '../../../imports/run-import.ts';
import { safeFileName } from '../../../imports/safe-file-name.ts';
import { UploadTooLargeError } from '../../../imports/upload-errors.ts';
import { getDataFile } from '../../../measurements/data-files.ts';
import { requireReplaceable } from '../../../imports/replace-file.ts';
import { HttpProblem } from '../../http/problem.ts';
import { toId } from '../../schemas/common.ts';
import { namedMapping } from './column-mapping-routes.ts';
import { dataAudit } from './data-audit.ts';
import { ExperimentParams, UploadQuery } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { sendImportProblem } from './import-problem.ts';
import { MULTIPART_OVERHEAD_BYTES, type UploadSettings } from './upload-settings.ts';
import { onExperiment } from '../../access.ts';
import { readUploadForm, UPLOAD_FIELD } from './multipart-upload.ts';

const tags = ['experiment data'];

/** The declared size, when the client sent one: a 2 GB upload is refused before a byte is read. */
function refuseDeclaredSize(request: FastifyRequest, maxBytes: number): void {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES)
    throw new HttpProblem('PAYLOAD_TOO_LARGE', new UploadTooLargeError(maxBytes).message, { field: 'file' });
}

/**
 * The cell the upload goes into, checked before a byte is read: a cell of another experiment (or
 * none) is a 404 naming cellId. A new version (`?replaces=`) goes into the cell of the file it
 * replaces (and takes its position when published); another `cellId` beside it is a 400.
 */
async function uploadCell(
  db: Kysely<Database>,
  experimentId: number,
  cellId: number | null,
  replaces: number | null,
): Promise<number | null> {
  if (replaces !== null) {
    const old = await requireReplaceable(db, experimentId, replaces);
    if (cellId !== null && cellId !== old.cellId)
      throw new HttpProblem('INVALID_INPUT', 'a new version stays in the cell of the file it replaces', {
        field: 'cellId',
      });
    return old.cellId;
  }
  if (cellId !== null && !(await getCell(db, experimentId, cellId)))
    throw new HttpProblem('NOT_FOUND', `cell ${cellId} was not found`, { field: 'cellId' });
  return cellId;
}

/**
 * `POST /api/experiments/:id/files`: one cycler file in the multipart field `file`, streamed to
 * the import pipeline. The format comes from the content; the answer is 201 with the import and
 * the stored file, 400 with the line and column of the first problem, or 413 past the limit.
 */
export function uploadRoute(app: FastifyInstance, settings: UploadSettings): void {
  const { authz, connection } = app.batterydb;
  const { maxUploadBytes } = settings;
  app.post<{
    Params: { id: string };
    Querystring: { duplicate?: 'allow'; cellId?: string; replaces?: string; mapping?: string };
  }>(
    '/api/experiments/:id/files',
    {
      config: onExperiment('batterydb.change_experiment'),
      bodyLimit: maxUploadBytes + MULTIPART_OVERHEAD_BYTES,
      schema: <FastifySchema>{
        summary:
          'Upload a cycler file (multipart field `file`); detected, parsed and stored in one transaction',
        description:
          'Arbin CSV, Maccor text, BioLogic text (.mpt layout) and .mpr, Neware CSV and .xls, Battery Data ' +
          'Format CSV, batterydata.energy.gov raw and summary CSV. Follow progress at `GET /api/imports/:id` ' +
          '(the id is also listed by `GET /api/experiments/:id/imports` while the upload runs). The same bytes ' +
          'again (SHA-256) are refused with 409 unless `?duplicate=allow`. A CSV in no layout BatteryDB reads ' +
          'is read with the saved column mapping for its column names, or the one `?mapping=` names; with ' +
          'none it is refused with `reason: "unknown-layout"` and kept: map it and retry its import.',
        tags,
        params: ExperimentParams,
        querystring: UploadQuery,
        consumes: ['multipart/form-data'],
        // Documentation only (see openapi.ts): the multipart parser, not Ajv, reads this body.
        'x-multipart-body': {
          type: 'object',
          required: [UPLOAD_FIELD],
          additionalProperties: false,
          properties: {
            [UPLOAD_FIELD]: {
              type: 'string',
              format: 'binary',
              description: `the cycler file; one per request, at most ${maxUploadBytes} bytes`,
            },
          },
        },
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'change');
      const replaces = request.query.replaces === undefined ? null : toId(request.query.replaces, 'replaces');
      const cellId = await uploadCell(
        connection.db,
        experimentId,
        request.query.cellId === undefined ? null : toId(request.query.cellId, 'cellId'),
        replaces,
      );
      const columnMapping = await namedMapping(connection.db, request.query.mapping);
      refuseDeclaredSize(request, maxUploadBytes);
      if (!request.isMultipart())
        throw new HttpProblem(
          'UNSUPPORTED_MEDIA_TYPE',
          'send the file as multipart/form-data, in a field named "file"',
          { field: 'file' },
        );
      const { part, input } = await readUploadForm(request, { fileSize: maxUploadBytes });
      const userId = request.subject?.user.id ?? null;
      const fileName = safeFileName(part.filename);
      const result = await runImport(connection, {
        experimentId,
        userId,
        fileName,
        cellId,
        input,
        maxBytes: maxUploadBytes,
        truncated: () => part.file.truncated,
        allowDuplicate: request.query.duplicate === 'allow',
        ...(columnMapping ? { columnMapping } : {}),
        replaces,
        onPublish: async (db, file) => {
          await dataAudit(
            authz,
            request,
            'data.upload',
            experimentId,
          )(db, {
            importId: file.importId,
            fileId: file.fileId,
            fileName,
            format: file.format,
            ...(file.replaces !== null ? { replaces: file.replaces } : {}),
          });
        },
      });
      if (!result.ok) return sendImportProblem(reply, result.error, result.importId);
      const [record, file] = await Promise.all([
        getImportRecord(connection.db, result.importId),
        getDataFile(connection.db, experimentId, result.file.fileId),
      ]);
      return reply
        .code(201)
        .header('location', `/api/experiments/${experimentId}/files/${result.file.fileId}`)
        .send({ import: record, file });
    },
  );
}
