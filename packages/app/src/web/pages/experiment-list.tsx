import type { ExperimentPage } from '../../experiments/find-experiments.ts';
import { FormError, SelectField, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import { type PageContext, viewerHas } from '../page-context.ts';
import { Pager } from '../layout/pager.tsx';
import type { PageLinks } from '../layout/page-trail.ts';
import { hrefOf } from '../page-query.ts';
import { Capacity, MayDo, StatusBadge } from './experiment-bits.tsx';
import { Day } from './format.tsx';

/** The list's query as the form holds it: strings, blank when not given. */
export const LIST_FILTERS = [
  'q',
  'chemistry',
  'material',
  'cellFormat',
  'temperatureMin',
  'temperatureMax',
  'owner',
  'status',
  'tag',
  'startFrom',
  'startTo',
  'sort',
] as const;
export type ListFilters = Partial<Record<(typeof LIST_FILTERS)[number], string>>;

/** The filters' labels, for messages beside them ("Temperature from (°C) must be a number"). */
export const LIST_FILTER_LABELS: Record<(typeof LIST_FILTERS)[number], string> = {
  q: 'Search',
  chemistry: 'Chemistry',
  material: 'Cathode or anode material',
  cellFormat: 'Cell format',
  temperatureMin: 'Temperature from (°C)',
  temperatureMax: 'Temperature to (°C)',
  owner: 'Owner',
  status: 'Status',
  tag: 'Tag',
  startFrom: 'Start date from',
  startTo: 'Start date to',
  sort: 'Sort',
};

export const LIST_SORTS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-updatedAt', label: 'Recently changed' },
  { value: 'title', label: 'Title A–Z' },
  { value: '-title', label: 'Title Z–A' },
];

/** The filters folded under "More filters": open when one of them is in use. */
const MORE_FILTERS = LIST_FILTERS.filter((f) => f !== 'q' && f !== 'sort');

function Filters({ filters, errors }: { filters: ListFilters; errors: FieldErrors }) {
  const field = (name: keyof ListFilters, label: string, extra: Record<string, unknown> = {}) => (
    <TextField name={name} label={label} value={filters[name]} errors={errors} {...extra} />
  );
  const inUse = MORE_FILTERS.filter((f) => (filters[f] ?? '').trim() !== '' || errors[f] !== undefined);
  return (
    <form
      method="get"
      action="/experiments"
      class="panel filters"
      role="search"
      aria-label="Search experiments"
    >
      <div class="stack">
        {field('q', 'Search', { type: 'search', hint: 'Title, description, materials, chemistry, tags' })}
        <details class="more-filters" open={inUse.length > 0}>
          <summary>
            More filters{inUse.length ? <span class="muted"> ({inUse.length} in use)</span> : null}
          </summary>
          <div class="stack">
            {field('chemistry', 'Chemistry', { hint: 'e.g. LFP, NMC811' })}
            {field('material', 'Cathode or anode material')}
            {field('cellFormat', 'Cell format', { hint: 'coin, pouch, cylindrical…' })}
            <fieldset>
              <legend>Temperature (°C)</legend>
              <div class="range">
                {field('temperatureMin', 'From', { inputMode: 'decimal' })}
                {field('temperatureMax', 'To', { inputMode: 'decimal' })}
              </div>
            </fieldset>
            {field('owner', 'Owner (username)')}
            <SelectField
              name="status"
              label="Status"
              value={filters.status}
              errors={errors}
              options={[
                { value: '', label: 'Any' },
                { value: 'public', label: 'Public' },
                { value: 'private', label: 'Private' },
              ]}
            />
            {field('tag', 'Tag')}
            <fieldset>
              <legend>Start date</legend>
              <div class="range">
                {field('startFrom', 'From', { type: 'date' })}
                {field('startTo', 'To', { type: 'date' })}
              </div>
            </fieldset>
          </div>
        </details>
        <SelectField
          name="sort"
          label="Sort"
          value={filters.sort ?? '-createdAt'}
          errors={errors}
          options={LIST_SORTS}
        />
        <div class="actions">
          <button type="submit" class="primary">
            Search
          </button>
          <a href="/experiments">Clear</a>
        </div>
      </div>
    </form>
  );
}

function totalText(page: ExperimentPage): string {
  if (page.total === null) return '';
  const n = page.total.toLocaleString('en');
  if (!page.totalExact) return `${n}+ experiments`;
  return page.total === 1 ? '1 experiment' : `${n} experiments`;
}

/**
 * A column header that sorts the list by its column (a link: works without JavaScript); a second
 * click reverses the order. `aria-sort` says the current order to screen readers.
 */
function SortHeader(props: {
  filters: ListFilters;
  label: string;
  /** The first click's sort, e.g. `title`, and its reverse, `-title`. */
  sorts: [string, string];
  className?: string;
}) {
  const current = props.filters.sort ?? '-createdAt';
  const [first, reverse] = props.sorts;
  const active = current === first || current === reverse;
  const next = current === first ? reverse : first;
  const ascending = !(active ? current : next).startsWith('-');
  return (
    <th
      scope="col"
      class={props.className}
      aria-sort={active ? (current.startsWith('-') ? 'descending' : 'ascending') : undefined}
    >
      <a class="sort-link" href={hrefOf('/experiments', { ...props.filters, sort: next })}>
        {props.label}
        <span aria-hidden="true">{active ? (ascending ? ' ▲' : ' ▼') : ' ⇅'}</span>
        <span class="visually-hidden">
          {active ? ', sorted; reverse the order' : `, sort ${next.startsWith('-') ? 'newest first' : 'A–Z'}`}
        </span>
      </a>
    </th>
  );
}

function Results({
  ctx,
  page,
  filters,
  links,
}: {
  ctx: PageContext;
  page: ExperimentPage;
  filters: ListFilters;
  links: PageLinks;
}) {
  return (
    <div>
      <div class="list-summary">
        <p class="muted" role="status">
          {totalText(page)}
        </p>
        {viewerHas(ctx, 'batterydb.add_experiment') ? (
          <a class="button primary" href="/experiments/new">
            New experiment
          </a>
        ) : null}
      </div>
      {page.items.length === 0 ? (
        <p class="panel">No experiment matches. Try fewer filters.</p>
      ) : (
        <form method="get" action="/compare" id="compare-form">
          <div class="table-wrap" tabIndex={0}>
            <table class="cards">
              <caption class="visually-hidden">Experiments</caption>
              <thead>
                <tr>
                  <th scope="col" class="select">
                    <span class="visually-hidden">Compare</span>
                  </th>
                  <SortHeader filters={filters} label="Experiment" sorts={['title', '-title']} />
                  <th scope="col">Status</th>
                  <th scope="col">Owner</th>
                  <th scope="col" class="num">
                    Cycles
                  </th>
                  <th scope="col" class="num">
                    Last discharge
                  </th>
                  <SortHeader
                    filters={filters}
                    label="Updated"
                    sorts={['-updatedAt', 'updatedAt']}
                    className="hide-narrow"
                  />
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.id}>
                    <td class="select">
                      <input
                        type="checkbox"
                        name="id"
                        value={String(e.id)}
                        id={`compare-${e.id}`}
                        aria-label={`Compare ${e.title}`}
                      />
                    </td>
                    <td class="title-cell">
                      <a href={`/experiments/${e.id}`}>{e.title}</a>
                      <div class="muted">
                        {[
                          e.chemistry,
                          e.cellFormat,
                          e.temperatureC === null ? '' : `${e.temperatureC} °C`,
                          e.cycler,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </div>
                      <MayDo id={e.id} title={e.title} permissions={e.permissions ?? []} />
                    </td>
                    <td>
                      <StatusBadge status={e.status} />
                    </td>
                    <td data-label="Owner" class="nowrap">
                      {e.owner.username}
                    </td>
                    <td class="num" data-label="Cycles">
                      {e.summary?.cycles ?? 0}
                    </td>
                    <td class="num" data-label="Last discharge">
                      <Capacity ah={e.summary?.lastDischargeCapacityAh ?? null} experiment={e} />
                    </td>
                    <td data-label="Updated" class="hide-narrow">
                      <Day value={e.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button type="submit">Compare selected</button>
            <span class="muted">Choose two or more experiments to overlay their capacity.</span>
          </div>
        </form>
      )}
      <Pager links={links} />
    </div>
  );
}

export function ExperimentListPage(props: {
  ctx: PageContext;
  filters: ListFilters;
  page: ExperimentPage | null;
  errors: FieldErrors;
  message: string | null;
  links: PageLinks;
}) {
  const { ctx, page } = props;
  return (
    <Page ctx={ctx} title="Experiments">
      <h1>Experiments</h1>
      <div class="list-layout">
        <Filters filters={props.filters} errors={props.errors} />
        <div>
          <FormError message={props.message} />
          {page ? <Results ctx={ctx} page={page} filters={props.filters} links={props.links} /> : null}
          {page ? null : <Pager links={props.links} />}
        </div>
      </div>
    </Page>
  );
}
