import type { FastifyInstance } from 'fastify';
import { createExperiments } from '../../../experiments/create-experiments.ts';
import { findExperiments, type ListInclude } from '../../../experiments/find-experiments.ts';
import { cellQuery } from '../../../experiments/cell-filters.ts';
import { getExperiment } from '../../../experiments/get-experiment.ts';
import { toExperimentJson } from '../../../experiments/experiment-json.ts';
import { signedIn } from '../../auth/request-auth.ts';
import { toLimit } from '../../schemas/common.ts';
import {
  ExperimentCreateBody,
  ExperimentJsonSchema,
  ExperimentListJson,
  ExperimentListQuery,
} from '../../schemas/experiment-schemas.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiments'];
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

export function experimentListRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Querystring: ExperimentListQuery }>(
    '/api/experiments',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'Search and list the experiments you may view (keyset pages, newest first by default)',
        tags,
        querystring: ExperimentListQuery,
        response: { 200: ExperimentListJson },
      },
    },
    async (request) => {
      const { temperatureMin, temperatureMax, limit, include, ...rest } = request.query;
      return findExperiments(authz, connection.db, request.subject, {
        ...rest,
        include: (include?.split(',') ?? []) as ListInclude[],
        temperatureMin: number(temperatureMin),
        temperatureMax: number(temperatureMax),
        ...cellQuery(rest, number),
        limit: toLimit(limit),
      });
    },
  );

  app.post<{ Body: ExperimentCreateBody }>(
    '/api/experiments',
    {
      config: { access: { kind: 'permission', permission: 'batterydb.add_experiment' } },
      schema: {
        summary: 'Create an experiment (private, owned by you)',
        tags,
        body: ExperimentCreateBody,
        response: { 201: ExperimentJsonSchema },
      },
    },
    async (request, reply) => {
      const caller = signedIn(request);
      const [row] = await createExperiments(authz, caller, [request.body]);
      const created = await getExperiment(authz, connection.db, caller, Number(row!.id));
      return reply
        .code(201)
        .header('location', `/api/experiments/${created.id}`)
        .send(toExperimentJson(created, created.owner_username));
    },
  );
}
