import type { PageLinks } from './page-trail.ts';

/**
 * A list's page navigation: first, previous and next page (keyset pages: no page numbers —
 * SPEC §5 lists by cursor, which stays cheap on large tables) and, with `links.sizeHrefs`,
 * the rows per page.
 */
export function Pager(props: {
  links?: PageLinks | undefined;
  firstHref?: string | null | undefined;
  nextHref?: string | null | undefined;
  label?: string;
  first?: string;
  next?: string;
}) {
  const { links, label = 'Pages', first = '« First page', next = 'Next page ›' } = props;
  const firstHref = links ? links.firstHref : props.firstHref;
  const nextHref = links ? links.nextHref : props.nextHref;
  const prevHref = links?.prevHref ?? null;
  return (
    <nav class="pager" aria-label={label}>
      <div class="pager-steps">
        {firstHref && firstHref !== prevHref ? <a href={firstHref}>{first}</a> : null}
        {prevHref ? <a href={prevHref}>‹ Previous page</a> : null}
        {nextHref ? <a href={nextHref}>{next}</a> : null}
      </div>
      {links && (links.prevHref || links.nextHref || links.size !== links.standard) ? (
        <p class="pager-sizes">
          {links.size} per page; show{' '}
          {links.sizeHrefs.map((s, i) => (
            <span key={s.size}>
              {i > 0 ? ' · ' : null}
              <a href={s.href} aria-label={`${s.size} per page`}>
                {s.size}
              </a>
            </span>
          ))}
        </p>
      ) : null}
    </nav>
  );
}
