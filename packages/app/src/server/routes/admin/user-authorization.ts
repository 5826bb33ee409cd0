import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { changeAccountGroups, setAccountPermissions } from '../../../accounts/manage-memberships.ts';
import { removeAccountSecondFactor } from '../../../accounts/manage-second-factor.ts';
import { setAccountPassword, updateAccount } from '../../../accounts/manage-users.ts';
import { userJson } from '../../presenters/json.ts';
import { UserJson } from '../../schemas/account-schemas.ts';
import { GroupsBody, PermissionsBody, SetPasswordBody } from '../../schemas/admin-schemas.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { callOf } from './call-of.ts';

const tags = ['admin: users'];
const access = { kind: 'staff', permission: 'auth.change_user' } as const;

/**
 * Deactivate and reactivate, set password, set groups, set permissions: each goes through the
 * no-escalation policy.
 */
export function userAuthorizationRoutes(app: FastifyInstance): void {
  for (const [action, isActive, summary] of [
    ['deactivate', false, 'Deactivate a user: ends their sessions and API tokens for good'],
    ['reactivate', true, 'Reactivate a user: they can sign in again (no old session or token comes back)'],
  ] as const)
    app.post<{ Params: { id: string } }>(
      `/api/admin/users/:id/${action}`,
      {
        config: { access },
        schema: { summary, tags, params: IdParams, response: { 200: UserJson } },
      },
      async (request) =>
        userJson(await updateAccount(callOf(request), toId(request.params.id, 'id'), { isActive })),
    );

  app.put<{ Params: { id: string }; Body: SetPasswordBody }>(
    '/api/admin/users/:id/password',
    {
      config: { access },
      schema: {
        summary: "Set a user's password (null: no usable password); ends their sessions and API tokens",
        tags,
        params: IdParams,
        body: SetPasswordBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await setAccountPassword(callOf(request), toId(request.params.id, 'id'), request.body.password);
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/users/:id/second-factor',
    {
      config: { access },
      schema: {
        summary:
          "Remove a user's second factor (lost phone and recovery codes): only where you may set their password (SPEC §4)",
        tags,
        params: IdParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await removeAccountSecondFactor(callOf(request), toId(request.params.id, 'id'));
      return reply.code(204).send();
    },
  );

  app.put<{ Params: { id: string }; Body: GroupsBody }>(
    '/api/admin/users/:id/groups',
    {
      config: { access },
      schema: {
        summary: "Set a user's groups",
        tags,
        params: IdParams,
        body: GroupsBody,
        response: { 200: GroupsBody },
      },
    },
    async (request) => ({
      groups: await changeAccountGroups(callOf(request), toId(request.params.id, 'id'), {
        set: request.body.groups,
      }),
    }),
  );

  app.put<{ Params: { id: string }; Body: PermissionsBody }>(
    '/api/admin/users/:id/permissions',
    {
      config: { access },
      schema: {
        summary: "Set a user's own permissions",
        tags,
        params: IdParams,
        body: PermissionsBody,
        response: { 200: Type.Object({ permissions: Type.Array(Type.String()) }) },
      },
    },
    async (request) => ({
      permissions: await setAccountPermissions(
        callOf(request),
        toId(request.params.id, 'id'),
        request.body.permissions,
      ),
    }),
  );
}
