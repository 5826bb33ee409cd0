import type { FastifyInstance } from 'fastify';
import { findGroups } from '../../../accounts/find-accounts.ts';
import { createGroupAs, deleteGroupAs, renameGroupAs } from '../../../accounts/manage-groups.ts';
import { GroupRef } from '../../schemas/account-schemas.ts';
import { GroupJson, GroupListJson, GroupNameBody, ListQuery } from '../../schemas/admin-schemas.ts';
import { IdParams, toId, toLimit } from '../../schemas/common.ts';
import { callOf } from './call-of.ts';

const tags = ['admin: groups'];

/** List, create, read, rename and delete groups. */
export function groupRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;

  app.get<{ Querystring: ListQuery }>(
    '/api/admin/groups',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_group' } },
      schema: { summary: 'Groups by name', tags, querystring: ListQuery, response: { 200: GroupListJson } },
    },
    async (request) => {
      const { search, after, limit } = request.query;
      return findGroups(connection.db, { search, after, limit: toLimit(limit) });
    },
  );

  app.post<{ Body: GroupNameBody }>(
    '/api/admin/groups',
    {
      config: { access: { kind: 'staff', permission: 'auth.add_group' } },
      schema: {
        summary: 'Create a group (without permissions)',
        tags,
        body: GroupNameBody,
        response: { 201: GroupRef },
      },
    },
    async (request, reply) => reply.code(201).send(await createGroupAs(callOf(request), request.body.name)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/admin/groups/:id',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_group' } },
      schema: {
        summary: 'One group with its permissions',
        tags,
        params: IdParams,
        response: { 200: GroupJson },
      },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      const group = await authz.getGroup(id);
      return {
        ...group,
        permissions: await authz.groupPermissionRows(id),
        memberCount: (await authz.memberIdsOf(id)).length,
      };
    },
  );

  app.patch<{ Params: { id: string }; Body: GroupNameBody }>(
    '/api/admin/groups/:id',
    {
      config: { access: { kind: 'staff', permission: 'auth.change_group' } },
      schema: {
        summary: 'Rename a group',
        tags,
        params: IdParams,
        body: GroupNameBody,
        response: { 200: GroupRef },
      },
    },
    async (request) => renameGroupAs(callOf(request), toId(request.params.id, 'id'), request.body.name),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/groups/:id',
    {
      config: { access: { kind: 'staff', permission: 'auth.delete_group' } },
      schema: {
        summary: 'Delete a group; its members lose what it gave them',
        tags,
        params: IdParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await deleteGroupAs(callOf(request), toId(request.params.id, 'id'));
      return reply.code(204).send();
    },
  );
}
