import type { FastifyInstance } from 'fastify';
import { findUsers } from '../../../accounts/find-accounts.ts';
import { createAccount, updateAccount } from '../../../accounts/manage-users.ts';
import { HttpProblem } from '../../http/problem.ts';
import { userJson } from '../../presenters/json.ts';
import { UserJson } from '../../schemas/account-schemas.ts';
import {
  ListQuery,
  UserCreateBody,
  UserDetailJson,
  UserListJson,
  UserUpdateBody,
} from '../../schemas/admin-schemas.ts';
import { IdParams, toId, toLimit } from '../../schemas/common.ts';
import { callOf } from './call-of.ts';

const tags = ['admin: users'];

/** List, create, read and update users. */
export function userRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Querystring: ListQuery }>(
    '/api/admin/users',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_user' } },
      schema: {
        summary: 'Users by username; `search` matches username or e-mail',
        tags,
        querystring: ListQuery,
        response: { 200: UserListJson },
      },
    },
    async (request) => {
      const { search, after, limit } = request.query;
      const page = await findUsers(connection.db, { search, after, limit: toLimit(limit) });
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
}
