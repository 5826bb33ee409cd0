import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditCsv } from '../../../admin/audit-csv.ts';
import { AUDIT_ACTIONS, auditFilterOf, auditNames, type AuditQuery } from '../../../admin/audit-log.ts';
import { adminObjectModels } from '../../../admin/object-models.ts';
import { signedIn } from '../../../server/auth/request-auth.ts';
import { closed, IdString } from '../../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../../forms/form-errors.ts';
import { given } from '../../forms/form-schema.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage } from '../../render.ts';
import { AUDIT_FILTERS, type AuditFilters, AuditLogPage } from '../pages/audit-log.tsx';

const PAGE_SIZE = 50;
const Query = closed({
  ...Object.fromEntries(AUDIT_FILTERS.map((name) => [name, Type.Optional(Type.String({ maxLength: 200 }))])),
  before: Type.Optional(IdString),
});
type Query = AuditFilters & { before?: string };

/** A date field as the start of that day (UTC); `endOfDay` makes "to" inclusive. */
function day(value: string | undefined, field: string, endOfDay: boolean): Date | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00.000Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new FormInputError(field, `${field} must be a date (YYYY-MM-DD)`);
  return endOfDay ? new Date(date.getTime() + 24 * 60 * 60 * 1000) : date;
}

function toQuery(filters: AuditFilters, before: string | undefined): AuditQuery {
  const query: AuditQuery = {};
  for (const name of ['actor', 'targetType', 'target', 'action'] as const) {
    const value = given(filters[name]);
    if (value !== undefined) query[name] = value;
  }
  const since = day(filters.since, 'since', false);
  const until = day(filters.until, 'until', true);
  if (since) query.since = since;
  if (until) query.until = until;
  if (before !== undefined) query.before = Number(before);
  return query;
}

function hrefWith(path: string, filters: AuditFilters, before: number | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (before !== null) params.set('before', String(before));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * `GET /admin/audit` (the log, filtered and paged, as `GET /api/admin/audit` with the viewer's
 * visibility) and `GET /admin/audit.csv` (the same filter, every matching entry, streamed).
 */
export function auditRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const models = adminObjectModels(authz, connection.db);
  const config = { access: { kind: 'staff', permission: 'auth.view_user' } } as const;

  app.get<{ Querystring: Query }>(
    '/admin/audit',
    { config, schema: { querystring: Query } },
    async (request, reply) => {
      const { before, ...filters } = request.query;
      const common = {
        ctx: pageContext(request, reply),
        filters,
        models,
        actions: AUDIT_ACTIONS,
        csvHref: hrefWith('/admin/audit.csv', filters, null),
        firstHref: before ? hrefWith('/admin/audit', filters, null) : null,
      };
      try {
        const filter = await auditFilterOf(authz, signedIn(request), toQuery(filters, before), PAGE_SIZE);
        const page = await authz.findAuditEntries(filter);
        return sendPage(
          reply,
          <AuditLogPage
            {...common}
            errors={{}}
            message={null}
            entries={page.entries}
            names={await auditNames(authz, models, page.entries)}
            nextHref={
              page.nextBeforeId === null ? null : hrefWith('/admin/audit', filters, page.nextBeforeId)
            }
          />,
        );
      } catch (error) {
        const failure = formFailure(error, [...AUDIT_FILTERS]);
        return sendPage(
          reply,
          <AuditLogPage
            {...common}
            errors={failure.fields}
            message={failure.message}
            entries={null}
            names={null}
            nextHref={null}
          />,
          failure.status,
        );
      }
    },
  );

  app.get<{ Querystring: Query }>(
    '/admin/audit.csv',
    { config, schema: { querystring: Query } },
    async (request: FastifyRequest<{ Querystring: Query }>, reply) => {
      const { before, ...filters } = request.query;
      const { limit: _limit, ...filter } = await auditFilterOf(
        authz,
        signedIn(request),
        toQuery(filters, before),
        1,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="batterydb-audit.csv"')
        .header('cache-control', 'no-store')
        .send(Readable.from(auditCsv(authz, models, filter)));
    },
  );
}
