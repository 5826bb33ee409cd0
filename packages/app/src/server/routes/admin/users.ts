import type { FastifyInstance } from 'fastify';
import { findUsers, type UserQuery, userSearchContext } from '../../../accounts/find-users.ts';
import { createAccount, updateAccount } from '../../../accounts/manage-users.ts';
import { HttpProblem } from '../../http/problem.ts';
import { userJson } from '../../presenters/json.ts';
import { UserJson } from '../../schemas/account-schemas.ts';
import {
  UserCreateBody,
  UserDetailJson,
  UserListJson,
  UserListQuery,
  UserUpdateBody,
} from '../../schemas/admin-schemas.ts';
import { closed, IdParams, IdString, toId, toLimit } from '../../schemas/common.ts';
import { revokeUserToken } from '../../../accounts/revoke-user-token.ts';
import { signedIn } from '../../auth/request-auth.ts';
import { callOf } from './call-of.ts';

const tags = ['admin: users'];

const yes = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');

/** The validated query string as the domain's query. */
function userQueryOf(q: UserListQuery): UserQuery {
  const query: UserQuery = { limit: toLimit(q.limit) };
  if (q.search !== undefined) query.search = q.search;
  if (q.active !== undefined) query.active = yes(q.active);
  if (q.staff !== undefined) query.staff = yes(q.staff);
  if (q.superuser !== undefined) query.superuser = yes(q.superuser);
  if (q.group !== undefined) query.groupId = toId(q.group, 'group');
  if (q.hasGrants !== undefined) query.hasGrants = yes(q.hasGrants);
  if (q.lastLogin !== undefined) query.lastLogin = q.lastLogin;
  if (q.sort !== undefined) query.sort = q.sort;
  if (q.after !== undefined) query.after = q.after;
  return query;
}

/** List, create, read and update users. */
export function userRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Querystring: UserListQuery }>(
    '/api/admin/users',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_user' } },
      schema: {
        summary: 'Users: `search` matches username, e-mail or name; filters, sort and keyset pages',
        tags,
        querystring: UserListQuery,
        response: { 200: UserListJson },
      },
    },
    async (request) => {
      const page = await findUsers(connection.db, userQueryOf(request.query), userSearchContext(authz));
      return { items: page.items.map(userJson), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: UserCreateBody }>(
    '/api/admin/users',
    {
      // The route needs add_user; the policy also requires change_user (as Django does).
      config: { access: { kind: 'staff', permission: 'auth.add_user' } },
      schema: {
        summary: 'Create a user (needs auth.add_user and auth.change_user)',
        tags,
        body: UserCreateBody,
        response: { 201: UserJson },
      },
    },
    async (request, reply) => {
      const user = await createAccount(callOf(request), request.body);
      return reply.code(201).send(userJson(user));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/admin/users/:id',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_user' } },
      schema: {
        summary: 'One user with groups and permissions',
        tags,
        params: IdParams,
        response: { 200: UserDetailJson },
      },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      const subject = await authz.loadSubject(id);
      if (!subject) throw new HttpProblem('NOT_FOUND', `user ${id} does not exist`, { field: 'id' });
      return {
        user: userJson(subject.user),
        groups: [...subject.groups].sort((a, b) => a.id - b.id),
        permissions: [...subject.ownPermissions].sort(),
        effectivePermissions: [...(await authz.getAllPerms(subject))].sort(),
      };
    },
  );

  app.patch<{ Params: { id: string }; Body: UserUpdateBody }>(
    '/api/admin/users/:id',
    {
      config: { access: { kind: 'staff', permission: 'auth.change_user' } },
      schema: {
        summary: "Change a user's e-mail or flags",
        description:
          '`isActive` here does what `POST …/deactivate` and `POST …/reactivate` do (deactivating ends ' +
          "the user's sessions and API tokens for good).",
        tags,
        params: IdParams,
        body: UserUpdateBody,
        response: { 200: UserJson },
      },
    },
    async (request) =>
      userJson(await updateAccount(callOf(request), toId(request.params.id, 'id'), request.body)),
  );

  app.delete<{ Params: { id: string; tokenId: string } }>(
    '/api/admin/users/:id/tokens/:tokenId',
    {
      config: { access: { kind: 'staff', permission: 'auth.change_user' } },
      schema: {
        summary: "Revoke one of a user's API tokens (staff who may change that user; audited)",
        tags,
        params: closed({ id: IdString, tokenId: IdString }),
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      await revokeUserToken(
        authz,
        signedIn(request),
        id,
        toId(request.params.tokenId, 'tokenId'),
        request.ip,
      );
      return reply.code(204).send();
    },
  );
}
