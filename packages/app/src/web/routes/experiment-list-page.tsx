import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isoDate } from '../../experiments/experiment-fields.ts';
import {
  findExperiments,
  type ExperimentPage,
  type ExperimentQuery,
} from '../../experiments/find-experiments.ts';
import { onExperiment } from '../../server/access.ts';
import { closed } from '../../server/schemas/common.ts';
import { FieldChecks } from '../../validation/invalid-fields.ts';
import { formFailure, FormInputError } from '../forms/form-errors.ts';
import { decimalOf, given } from '../forms/form-schema.ts';
import { pageLinks, pageSize, type TrailParams, TrailQuery } from '../layout/page-trail.ts';
import { pageContext } from '../page-context.ts';
import {
  ExperimentListPage,
  LIST_FILTER_LABELS,
  LIST_FILTERS,
  LIST_SORTS,
  type ListFilters,
} from '../pages/experiment-list.tsx';
import { sendPage } from '../render.ts';

/** Rows per page: a screenful, small enough for phones. */
const PAGE_SIZE = 25;

const ListQuery = closed({
  ...Object.fromEntries(LIST_FILTERS.map((name) => [name, Type.Optional(Type.String({ maxLength: 200 }))])),
  ...TrailQuery,
});

/**
 * The form's strings as the domain's query: blank fields are "any". Every field the page can
 * check is checked before the domain is asked, and every refusal reported at once.
 */
function toQuery(filters: ListFilters): ExperimentQuery {
  const text = (name: keyof ListFilters) => given(filters[name]);
  const checks = new FieldChecks();
  const query: ExperimentQuery = {};
  for (const name of ['temperatureMin', 'temperatureMax'] as const)
    checks.check(() => {
      const n = decimalOf(filters[name]);
      if (n !== undefined && !Number.isFinite(n))
        throw new FormInputError(name, `${name} must be a number, e.g. 25 or -10,5`);
      if (n !== undefined) query[name] = n;
    });
  for (const name of ['startFrom', 'startTo'] as const)
    checks.check(() => {
      const value = text(name);
      if (value !== undefined) query[name] = isoDate(name, value);
    });
  const status = text('status');
  checks.check(() => {
    if (status !== undefined && status !== 'public' && status !== 'private')
      throw new FormInputError('status', 'status must be public or private');
    if (status) query.status = status;
  });
  const sort = text('sort');
  checks.check(() => {
    if (sort !== undefined && !LIST_SORTS.some((s) => s.value === sort))
      throw new FormInputError('sort', 'sort must be one of the list');
    if (sort) query.sort = sort;
  });
  checks.done();
  for (const name of ['q', 'chemistry', 'material', 'cellFormat', 'owner', 'tag'] as const) {
    const value = text(name);
    if (value !== undefined) query[name] = value;
  }
  return query;
}

/**
 * `GET /experiments`: search, filters, sort and keyset pages — `findExperiments`, the very
 * function behind `GET /api/experiments`, with what the viewer may do per row (one prefetch)
 * and a total that stays cheap ("1,000+").
 */
export function experimentListPage(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Querystring: ListFilters & TrailParams }>(
    '/experiments',
    { config: onExperiment('batterydb.view_experiment'), schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { cursor, back, limit, ...filters } = request.query;
      const trail = { cursor, back, limit };
      const ctx = pageContext(request, reply);
      let page: ExperimentPage | null = null;
      try {
        page = await findExperiments(authz, connection.db, request.subject, {
          ...toQuery(filters),
          ...(cursor ? { cursor } : {}),
          limit: pageSize(trail, PAGE_SIZE),
          total: 'estimate',
          include: ['permissions', 'summary'],
        });
      } catch (error) {
        const failure = formFailure(error, [...LIST_FILTERS, 'cursor'], LIST_FILTER_LABELS);
        return sendPage(
          reply,
          <ExperimentListPage
            ctx={ctx}
            filters={filters}
            page={null}
            errors={failure.fields}
            message={failure.message}
            links={pageLinks('/experiments', filters, trail, null, PAGE_SIZE)}
          />,
          failure.status,
        );
      }
      return sendPage(
        reply,
        <ExperimentListPage
          ctx={ctx}
          filters={filters}
          page={page}
          errors={{}}
          message={null}
          links={pageLinks('/experiments', filters, trail, page.nextCursor, PAGE_SIZE)}
        />,
      );
    },
  );
}
