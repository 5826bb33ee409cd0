import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';

import { attachmentHeader } from '../../../imports/safe-file-name.ts';
import { findDataFiles, getDataFile } from '../../../measurements/data-files.ts';
import { readFileBytes } from '../../../measurements/file-bytes.ts';
import { findFileVersions } from '../../../measurements/file-versions.ts';
import { HttpProblem } from '../../http/problem.ts';
import { toId } from '../../schemas/common.ts';
import { deleteFileOfExperiment } from './data-actions.ts';
import { DataFileJson, ExperimentFileParams, ExperimentParams, FileVersionJson } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiment data'];
/** The stored files of an experiment, each original file byte for byte, and deleting one. */
export function fileRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id/files',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "The experiment's uploaded files in upload order",
        tags,
        params: ExperimentParams,
        response: { 200: Type.Object({ items: Type.Array(DataFileJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      return { items: await findDataFiles(connection.db, experimentId) };
    },
  );

  app.get<{ Params: { id: string; fileId: string } }>(
    '/api/experiments/:id/files/:fileId',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'Download the original file, byte for byte (Content-Disposition: attachment)',
        tags,
        params: ExperimentFileParams,
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      const fileId = toId(request.params.fileId, 'fileId');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const file = await getDataFile(connection.db, experimentId, fileId);
      if (!file) throw new HttpProblem('NOT_FOUND', `file ${fileId} was not found`, { field: 'fileId' });
      return (
        reply
          // Never rendered by a browser, whatever the bytes look like (helmet adds nosniff).
          .type('application/octet-stream')
          .header('content-length', String(file.sizeBytes))
          .header('content-disposition', attachmentHeader(file.fileName))
          .header('x-checksum-sha256', file.sha256)
          .send(Readable.from(readFileBytes(connection.db, fileId)))
      );
    },
  );

  app.get<{ Params: { id: string; fileId: string } }>(
    '/api/experiments/:id/files/:fileId/versions',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "A file's versions, newest first: the one read now, then the earlier uploads it replaced",
        description:
          'A growing file uploaded again (`?replaces=`, the harvester) replaces the data atomically; its ' +
          'earlier versions are kept with their bytes. 404 for a file that is not visible (an earlier ' +
          'version itself included).',
        tags,
        params: ExperimentFileParams,
        response: { 200: Type.Object({ items: Type.Array(FileVersionJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      const fileId = toId(request.params.fileId, 'fileId');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const items = (await findFileVersions(connection.db, experimentId)).get(fileId);
      if (!items) throw new HttpProblem('NOT_FOUND', `file ${fileId} was not found`, { field: 'fileId' });
      return { items };
    },
  );

  app.delete<{ Params: { id: string; fileId: string } }>(
    '/api/experiments/:id/files/:fileId',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Delete one file with its samples and cycles (and the import that stored it)',
        tags,
        params: ExperimentFileParams,
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      const fileId = toId(request.params.fileId, 'fileId');
      await deleteFileOfExperiment(app, request, experimentId, fileId);
      return reply.code(204).send();
    },
  );
}
