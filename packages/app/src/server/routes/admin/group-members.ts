import { decideModelPerm } from '@batterydb/authz';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { changeAccountGroups } from '../../../accounts/manage-memberships.ts';
import { setGroupPermissionsAs } from '../../../accounts/manage-groups.ts';
import { signedIn } from '../../auth/request-auth.ts';
import { HttpProblem } from '../../http/problem.ts';
import { userJson } from '../../presenters/json.ts';
import { UserJson } from '../../schemas/account-schemas.ts';
import { MemberBody, MemberParams, PermissionsBody } from '../../schemas/admin-schemas.ts';
import { IdParams, toId } from '../../schemas/common.ts';
import { callOf } from './call-of.ts';

const tags = ['admin: groups'];

/**
 * A group's members and permissions. Membership is a change to the user (`auth.change_user`,
 * as on Django's user form) and passes the same policy as `PUT /api/admin/users/:id/groups`.
 */
export function groupMemberRoutes(app: FastifyInstance): void {
  const { authz } = app.batterydb;

  app.get<{ Params: { id: string } }>(
    '/api/admin/groups/:id/members',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_group' } },
      schema: {
        summary: "A group's members (also needs auth.view_user: the answer shows accounts)",
        tags,
        params: IdParams,
        response: { 200: Type.Array(UserJson) },
      },
    },
    async (request) => {
      if (!decideModelPerm(signedIn(request), 'auth.view_user'))
        throw new HttpProblem('FORBIDDEN', 'listing members also needs auth.view_user');
      const id = toId(request.params.id, 'id');
      await authz.getGroup(id);
      const users = await Promise.all((await authz.memberIdsOf(id)).map((userId) => authz.getUser(userId)));
      return users.map(userJson);
    },
  );

  app.post<{ Params: { id: string }; Body: MemberBody }>(
    '/api/admin/groups/:id/members',
    {
      config: { access: { kind: 'staff', permission: 'auth.change_user' } },
      schema: {
        summary: 'Add a user to a group',
        tags,
        params: IdParams,
        body: MemberBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const groupId = toId(request.params.id, 'id');
      await changeAccountGroups(
        callOf(request),
        request.body.userId,
        { add: [groupId], remove: [] },
        'group',
      );
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: { id: string; userId: string } }>(
    '/api/admin/groups/:id/members/:userId',
    {
      config: { access: { kind: 'staff', permission: 'auth.change_user' } },
      schema: {
        summary: 'Remove a user from a group',
        tags,
        params: MemberParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const groupId = toId(request.params.id, 'id');
      await changeAccountGroups(
        callOf(request),
        toId(request.params.userId, 'userId'),
        { add: [], remove: [groupId] },
        'group',
      );
      return reply.code(204).send();
    },
  );

  app.put<{ Params: { id: string }; Body: PermissionsBody }>(
    '/api/admin/groups/:id/permissions',
    {
      config: { access: { kind: 'staff', permission: 'auth.change_group' } },
      schema: {
        summary: "Set a group's permissions (superusers only)",
        tags,
        params: IdParams,
        body: PermissionsBody,
        response: { 200: Type.Object({ permissions: Type.Array(Type.String()) }) },
      },
    },
    async (request) => ({
      permissions: await setGroupPermissionsAs(
        callOf(request),
        toId(request.params.id, 'id'),
        request.body.permissions,
      ),
    }),
  );
}
