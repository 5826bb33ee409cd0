import type { FastifyInstance } from 'fastify';
import { getExperiment } from '../../../experiments/get-experiment.ts';
import { shareExperiment } from '../../../experiments/share-experiment.ts';
import { HttpProblem } from '../../http/problem.ts';
import { holdersJson, storedGrantJson } from '../../presenters/permissions-json.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { GrantBody } from '../../schemas/experiment-schemas.ts';
import { ExperimentPermissionsJson } from '../../schemas/sharing-schemas.ts';
import { onExperiment } from '../../access.ts';

const tags = ['experiments: sharing'];

function holderOf(body: GrantBody): { user: number } | { group: number } {
  if ((body.user === undefined) === (body.group === undefined))
    throw new HttpProblem('INVALID_INPUT', 'give exactly one of user or group', {
      field: body.user === undefined ? 'user' : 'group',
    });
  return body.user !== undefined ? { user: body.user } : { group: body.group! };
}

export function experimentSharingRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id/permissions',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary:
          'Who may do what with this experiment, and why, and its grants (for those who may change it)',
        tags,
        params: IdParams,
        response: { 200: ExperimentPermissionsJson },
      },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      await getExperiment(authz, connection.db, request.subject, id, 'batterydb.change_experiment');
      const [users, groups, grants] = await Promise.all([
        authz.experiments.usersWithPerms(id),
        authz.experiments.groupsWithPerms(id),
        authz.experiments.grants(id),
      ]);
      return {
        users: holdersJson(users.users),
        groups: holdersJson(groups),
        everyone: users.everyone,
        grants: grants.map(storedGrantJson),
      };
    },
  );

  for (const [method, mode] of [
    ['post', 'grant'],
    ['delete', 'revoke'],
  ] as const) {
    app[method]<{ Params: { id: string }; Body: GrantBody }>(
      '/api/experiments/:id/grants',
      {
        config: onExperiment('batterydb.change_experiment'),
        schema: {
          summary:
            mode === 'grant'
              ? 'Share: grant permissions you hold to a user or group (not yourself, not a group of yours), optionally until expiresAt; anything but view needs view too'
              : 'Revoke grants (409 when the holder has the permission from a rule or role, not from a grant)',
          tags,
          params: IdParams,
          body: GrantBody,
          response: { 204: { type: 'null' } },
        },
      },
      async (request, reply) => {
        const body = request.body;
        await shareExperiment(
          authz,
          request.subject,
          toId(request.params.id, 'id'),
          {
            holder: holderOf(body),
            permissions: body.permissions,
            expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          },
          mode,
          request.ip,
        );
        return reply.code(204).send();
      },
    );
  }
}
