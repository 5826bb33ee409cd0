import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { datasetStatus } from '../../../datasets/dataset-status.ts';
import { publishVersion, releaseOpenly, withdrawVersion } from '../../../datasets/release-dataset.ts';
import { getExperiment } from '../../../experiments/get-experiment.ts';
import { onExperiment } from '../../access.ts';
import { closed, IdParams, IdString, toId } from '../../schemas/common.ts';

const tags = ['open data'];
const VersionParams = closed({ id: IdString, n: IdString });

/**
 * Open data for curators (issue 26): an experiment's versions, releasing it openly, publishing
 * the draft as a new version, withdrawing a version. The writes need `change_experiment_status`
 * (Maintainers), decided in the write's transaction (datasets/release-dataset.ts).
 */
export function datasetRoutes(app: FastifyInstance): Promise<void> {
  const { authz } = app.batterydb;

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id/versions',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: { summary: 'Versions of an experiment, and whether it has a draft', tags, params: IdParams },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      await getExperiment(authz, authz.db, request.subject, id);
      const status = await datasetStatus(authz.db, id);
      return {
        ...status,
        versions: status.versions.map((v) => ({
          n: v.n,
          releasedAt: v.releasedAt.toISOString(),
          withdrawn: v.withdrawn ? { at: v.withdrawn.at.toISOString(), reason: v.withdrawn.reason } : null,
          url: `/datasets/${id}/v/${v.n}`,
          files: v.snapshot.files.map(({ index, name, sha256, bytes, format }) => ({
            index,
            name,
            sha256,
            bytes,
            format,
          })),
        })),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { licence?: string } }>(
    '/api/experiments/:id/release',
    {
      config: onExperiment('batterydb.change_experiment_status'),
      schema: {
        summary: 'Release a public experiment openly under a licence (SPDX id; default CC-BY-4.0)',
        tags,
        params: IdParams,
        body: closed({ licence: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      await releaseOpenly(authz, request.subject, id, request.body.licence, request.ip);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/experiments/:id/versions',
    {
      config: onExperiment('batterydb.change_experiment_status'),
      schema: { summary: 'Publish the draft as the next version', tags, params: IdParams },
    },
    async (request, reply) => {
      const n = await publishVersion(authz, request.subject, toId(request.params.id, 'id'), request.ip);
      return reply.code(201).send({ n });
    },
  );

  app.post<{ Params: { id: string; n: string }; Body: { reason: string } }>(
    '/api/experiments/:id/versions/:n/withdraw',
    {
      config: onExperiment('batterydb.change_experiment_status'),
      schema: {
        summary: 'Withdraw a version (its landing page becomes a tombstone with the reason)',
        tags,
        params: VersionParams,
        body: closed({ reason: Type.String({ maxLength: 1000 }) }),
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      await withdrawVersion(
        authz,
        request.subject,
        id,
        toId(request.params.n, 'n'),
        request.body.reason,
        request.ip,
      );
      return reply.code(204).send();
    },
  );
  return Promise.resolve();
}
