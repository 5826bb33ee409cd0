/**
 * Keyset pages' navigation: back to the first page and on to the next (a keyset cursor has no
 * "previous" or page numbers — SPEC §5 lists pages by cursor, which stays cheap on large tables).
 */
export function Pager(props: {
  firstHref?: string | null | undefined;
  nextHref?: string | null | undefined;
  label?: string;
  first?: string;
  next?: string;
}) {
  const { firstHref, nextHref, label = 'Pages', first = '← First page', next = 'Next page →' } = props;
  return (
    <nav class="pager" aria-label={label}>
      {firstHref ? <a href={firstHref}>{first}</a> : null}
      {nextHref ? <a href={nextHref}>{next}</a> : null}
    </nav>
  );
}
