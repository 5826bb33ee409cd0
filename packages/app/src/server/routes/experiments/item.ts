import type { Subject } from '@batterydb/authz';
import type { FastifyInstance } from 'fastify';
import {
  deleteExperiment,
  setExperimentStatus,
  updateExperiment,
} from '../../../experiments/change-experiment.ts';
import { type ExperimentRow, getExperiment } from '../../../experiments/get-experiment.ts';
import { toExperimentJson } from '../../../experiments/experiment-json.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { ExperimentJsonSchema, ExperimentPatchBody, StatusBody } from '../../schemas/experiment-schemas.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiments'];

export function experimentItemRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  /** The experiment with what the caller may do with it, so clients need not guess. */
  const present = async (row: ExperimentRow, caller: Subject | null) => ({
    ...toExperimentJson(row, row.owner_username),
    permissions: [...(await authz.experiments.getPerms(caller, row))].sort(),
  });

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: { summary: 'One experiment', tags, params: IdParams, response: { 200: ExperimentJsonSchema } },
    },
    async (request) =>
      present(
        await getExperiment(authz, connection.db, request.subject, toId(request.params.id, 'id')),
        request.subject,
      ),
  );

  app.patch<{ Params: { id: string }; Body: ExperimentPatchBody }>(
    '/api/experiments/:id',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Change an experiment’s fields',
        tags,
        params: IdParams,
        body: ExperimentPatchBody,
        response: { 200: ExperimentJsonSchema },
      },
    },
    async (request) =>
      present(
        await updateExperiment(
          authz,
          connection.db,
          request.subject,
          toId(request.params.id, 'id'),
          request.body,
        ),
        request.subject,
      ),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/experiments/:id',
    {
      config: onExperiment('batterydb.delete_experiment'),
      schema: { summary: 'Delete an experiment with its data and grants', tags, params: IdParams },
    },
    async (request, reply) => {
      await deleteExperiment(
        authz,
        connection.db,
        request.subject,
        toId(request.params.id, 'id'),
        request.ip,
      );
      return reply.code(204).send();
    },
  );

  app.put<{ Params: { id: string }; Body: StatusBody }>(
    '/api/experiments/:id/status',
    {
      config: onExperiment('batterydb.change_experiment_status'),
      schema: {
        summary: 'Publish or unpublish (needs change_experiment_status)',
        tags,
        params: IdParams,
        body: StatusBody,
        response: { 200: ExperimentJsonSchema },
      },
    },
    async (request) =>
      present(
        await setExperimentStatus(
          authz,
          connection.db,
          request.subject,
          toId(request.params.id, 'id'),
          request.body.status,
          request.ip,
        ),
        request.subject,
      ),
  );
}
