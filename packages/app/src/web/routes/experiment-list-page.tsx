import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  findExperiments,
  type ExperimentPage,
  type ExperimentQuery,
} from '../../experiments/find-experiments.ts';
import { cellQuery, labelOf } from '../../experiments/cell-filters.ts';
import { onExperiment } from '../../server/access.ts';
import { closed, CursorString } from '../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../forms/form-errors.ts';
import { given } from '../forms/form-schema.ts';
import { pageContext } from '../page-context.ts';
import { ExperimentListPage, LIST_FILTERS, type ListFilters } from '../pages/experiment-list.tsx';
import { sendPage } from '../render.ts';

/** Rows per page: a screenful, small enough for phones. */
const PAGE_SIZE = 25;

const ListQuery = closed({
  ...Object.fromEntries(LIST_FILTERS.map((name) => [name, Type.Optional(Type.String({ maxLength: 200 }))])),
  cursor: Type.Optional(CursorString),
});

function decimal(value: string | undefined, field: string, label = field): number | undefined {
  const text = given(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new FormInputError(field, `${label} must be a number, e.g. 25 or -10.5`);
  return n;
}

/** The form's strings as the domain's query: blank fields are "any". */
function toQuery(filters: ListFilters): ExperimentQuery {
  const text = (name: keyof ListFilters) => given(filters[name]);
  const status = text('status');
  if (status !== undefined && status !== 'public' && status !== 'private')
    throw new FormInputError('status', 'status must be public or private');
  const query: ExperimentQuery = {
    temperatureMin: decimal(filters.temperatureMin, 'temperatureMin'),
    temperatureMax: decimal(filters.temperatureMax, 'temperatureMax'),
    ...cellQuery(filters, (value, name) => decimal(value, name, labelOf(name))),
    ...(status ? { status } : {}),
  };
  for (const name of [
    'q',
    'chemistry',
    'material',
    'cellFormat',
    'owner',
    'tag',
    'startFrom',
    'startTo',
    'sort',
  ] as const) {
    const value = text(name);
    if (value !== undefined) query[name] = value;
  }
  return query;
}

/** The same URL with another cursor (or none): the filters stay. */
function hrefWith(filters: ListFilters, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/experiments?${query}` : '/experiments';
}

/**
 * `GET /experiments`: search, filters, sort and keyset pages — `findExperiments`, the very
 * function behind `GET /api/experiments`, with what the viewer may do per row (one prefetch)
 * and a total that stays cheap ("1,000+").
 */
export function experimentListPage(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Querystring: ListFilters & { cursor?: string } }>(
    '/experiments',
    { config: onExperiment('batterydb.view_experiment'), schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { cursor, ...filters } = request.query;
      const ctx = pageContext(request, reply);
      let page: ExperimentPage | null = null;
      try {
        page = await findExperiments(authz, connection.db, request.subject, {
          ...toQuery(filters),
          ...(cursor ? { cursor } : {}),
          limit: PAGE_SIZE,
          total: 'estimate',
          include: ['permissions', 'summary'],
        });
      } catch (error) {
        const failure = formFailure(error, [...LIST_FILTERS, 'cursor']);
        return sendPage(
          reply,
          <ExperimentListPage
            ctx={ctx}
            filters={filters}
            page={null}
            errors={failure.fields}
            message={failure.message}
            nextHref={null}
            firstHref={cursor ? hrefWith(filters, null) : null}
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
          nextHref={page.nextCursor ? hrefWith(filters, page.nextCursor) : null}
          firstHref={cursor ? hrefWith(filters, null) : null}
        />,
      );
    },
  );
}
