import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { auditJson } from '../../presenters/json.ts';
import { AuditEntryJson, AuditQuery, PermissionJson } from '../../schemas/admin-schemas.ts';
import { toId, toLimit } from '../../schemas/common.ts';
import { signedIn } from '../../auth/request-auth.ts';

/** The permission catalogue and the audit log. */
export function catalogueRoutes(app: FastifyInstance): void {
  const { authz } = app.batterydb;

  app.get(
    '/api/admin/permissions',
    {
      config: { access: { kind: 'staff', permission: 'auth.view_permission' } },
      schema: {
        summary: 'Every registered permission',
        tags: ['admin: permissions'],
        response: { 200: Type.Array(PermissionJson) },
      },
    },
    () =>
      authz.registry.permissions.map((p) => ({
        permission: `${p.app}.${p.codename}`,
        app: p.app,
        model: p.model,
        codename: p.codename,
        name: p.name,
      })),
  );

  app.get<{ Querystring: AuditQuery }>(
    '/api/admin/audit',
    {
      // The audit log is the history of accounts' authorization: readable with view_user; each
      // entry only by those who may see what it is about (an entry about a private experiment,
      // only by those who may view that experiment).
      config: { access: { kind: 'staff', permission: 'auth.view_user' } },
      schema: {
        summary: 'The audit log, newest first; filter by actor, target, action and time',
        description:
          'Lists only the entries you may see: about users with auth.view_user, about groups with ' +
          'auth.view_group, about an experiment when you may view it (a deleted one: Maintainers).',
        tags: ['admin: audit'],
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntryJson),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await authz.findAuditEntries({
        ...(q.actor === undefined ? {} : { actorId: toId(q.actor, 'actor') }),
        ...(q.targetType === undefined ? {} : { targetType: q.targetType }),
        ...(q.targetId === undefined ? {} : { targetId: toId(q.targetId, 'targetId') }),
        ...(q.action === undefined ? {} : { action: q.action }),
        ...(q.since === undefined ? {} : { since: new Date(q.since) }),
        ...(q.until === undefined ? {} : { until: new Date(q.until) }),
        ...(q.before === undefined ? {} : { beforeId: toId(q.before, 'before') }),
        limit: toLimit(q.limit),
        visibleTo: signedIn(request),
      });
      return {
        items: page.entries.map(auditJson),
        nextCursor: page.nextBeforeId === null ? null : String(page.nextBeforeId),
      };
    },
  );
}
