import { CATALOGUE_PAGE, type DatasetListItem } from '../../datasets/find-datasets.ts';
import { licenceName } from '../../datasets/licences.ts';
import { Page } from '../layout/page.tsx';
import { Pager } from '../layout/pager.tsx';
import type { PageContext } from '../page-context.ts';
import { hrefOf } from '../page-query.ts';
import { Day } from '../pages/format.tsx';

/** `/datasets`: the open catalogue, for anyone — released datasets only, searchable, in pages. */
export function DatasetCatalogue(props: {
  ctx: PageContext;
  q: string;
  page: number;
  items: DatasetListItem[];
  total: number;
}) {
  const { ctx, q, page, items, total } = props;
  const last = Math.max(1, Math.ceil(total / CATALOGUE_PAGE));
  const href = (p: number) => hrefOf('/datasets', { q, page: p > 1 ? String(p) : null });
  return (
    <Page ctx={ctx} title="Open data" styles={['datasets.css']}>
      <h1>Open data</h1>
      <p class="lead">
        Battery cycling datasets released openly, each with its licence, its versions and the original cycler
        files. Anyone may download and cite them.
      </p>
      <form method="get" action="/datasets" class="search-form" role="search">
        <label for="dataset-q">Search titles, descriptions and materials</label>
        <input id="dataset-q" name="q" type="search" value={q} />
        <button type="submit">Search</button>
      </form>
      <p class="muted" role="status">
        {total === 0
          ? q
            ? 'No released dataset matches this search.'
            : 'No dataset has been released yet.'
          : `${total} dataset${total === 1 ? '' : 's'}${last > 1 ? `, page ${page} of ${last}` : ''}`}
      </p>
      <ul class="dataset-list">
        {items.map((d) => (
          <li key={d.id}>
            <h2>
              <a href={`/datasets/${d.id}/v/${d.latest}`}>{d.title}</a>
            </h2>
            <p class="muted">
              Version {d.latest} · released <Day value={d.releasedAt} />
              {d.licence ? ` · ${licenceName(d.licence)}` : ''}
              {[d.chemistry, d.cathodeMaterial, d.anodeMaterial].filter(Boolean).length
                ? ` · ${[d.chemistry, d.cathodeMaterial, d.anodeMaterial].filter(Boolean).join(' / ')}`
                : ''}
            </p>
            {d.description ? <p>{d.description}</p> : null}
          </li>
        ))}
      </ul>
      <Pager firstHref={page > 2 ? href(1) : null} nextHref={page < last ? href(page + 1) : null} />
      {page > 1 ? (
        <p>
          <a href={href(page - 1)}>‹ Previous page</a>
        </p>
      ) : null}
    </Page>
  );
}
