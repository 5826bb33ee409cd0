import type { AccessFilter } from '@batterydb/authz';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createExperiments } from '../../../experiments/create-experiments.ts';
import { listExperiments, type ListInclude } from '../../../experiments/find-experiments.ts';
import { listPageBody } from '../../../experiments/list-page-cache.ts';
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
const VIEW = 'batterydb.view_experiment';
/** What Fastify's serialiser would have said (the body is sent already serialised). */
const JSON_TYPE = 'application/json; charset=utf-8';
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/**
 * The JSON list's handler, given how to find the caller's visibility filter: the route asks the
 * kit; the benchmark's baseline mounts this same handler with `null` (no permission filter), so
 * the two differ by authorization alone.
 */
export function experimentListHandler(
  app: FastifyInstance,
  visibleTo: (subject: FastifyRequest['subject']) => Promise<AccessFilter | null>,
) {
  const { authz, connection } = app.batterydb;
  return async (request: FastifyRequest<{ Querystring: ExperimentListQuery }>, reply: FastifyReply) => {
    const { temperatureMin, temperatureMax, limit, include, ...rest } = request.query;
    const query = {
      ...rest,
      include: (include?.split(',') ?? []) as ListInclude[],
      temperatureMin: number(temperatureMin),
      temperatureMax: number(temperatureMax),
      ...cellQuery(rest, number),
      limit: toLimit(limit),
    };
    const visible = await visibleTo(request.subject);
    // The body as the response schema's serialiser (fast-json-stringify: a string) writes
    // it, remembered while current.
    const body = await listPageBody(
      connection.db,
      visible,
      query,
      async () =>
        reply.serialize(
          await listExperiments(authz, connection.db, request.subject, query, visible),
        ) as string,
    );
    return reply.type(JSON_TYPE).send(body);
  };
}

export function experimentListRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Querystring: ExperimentListQuery }>(
    '/api/experiments',
    {
      config: onExperiment(VIEW),
      schema: {
        summary: 'Search and list the experiments you may view (keyset pages, newest first by default)',
        tags,
        querystring: ExperimentListQuery,
        response: { 200: ExperimentListJson },
      },
    },
    experimentListHandler(app, (subject) => authz.experiments.accessFilter(subject, VIEW)),
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
