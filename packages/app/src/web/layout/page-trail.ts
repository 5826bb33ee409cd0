import { Type } from '@sinclair/typebox';
import { CursorString } from '../../server/schemas/common.ts';
import { hrefOf } from '../page-query.ts';

/** How many earlier pages a list remembers for "Previous page" (the URL stays short). */
const TRAIL_MAX = 30;
/** Rows per page a person may choose. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/**
 * The query parameters of a keyset-paged list page: `cursor` (where this page starts), `back`
 * (the cursors of the pages before it, so "Previous page" is one link with no backwards query
 * — keyset pages stay one cheap indexed query each) and `limit` (rows per page).
 */
export const TrailQuery = {
  cursor: Type.Optional(CursorString),
  back: Type.Optional(Type.String({ maxLength: TRAIL_MAX * 520 })),
  limit: Type.Optional(Type.String({ maxLength: 3 })),
};
export interface TrailParams {
  cursor?: string | undefined;
  back?: string | undefined;
  limit?: string | undefined;
}

/** The links of one page of a list: first, previous, next, and the same page at other sizes. */
export interface PageLinks {
  firstHref: string | null;
  prevHref: string | null;
  nextHref: string | null;
  /** Rows per page now, and the first page's URL at each other size. */
  size: number;
  /** The list's own page size. */
  standard: number;
  sizeHrefs: { size: number; href: string }[];
}

/** A page size a person asked for, else the list's default (an odd value is not an error page). */
export function pageSize(params: TrailParams, fallback: number): number {
  const n = Number(params.limit);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : fallback;
}

/**
 * The links of a list page at `path` with its `filters` (blank ones left out of every link),
 * given the cursor the list handed out for the next page.
 */
export function pageLinks(
  path: string,
  filters: Readonly<Record<string, string | undefined>>,
  params: TrailParams,
  nextCursor: string | null,
  fallbackSize: number,
): PageLinks {
  const size = pageSize(params, fallbackSize);
  const limit = size === fallbackSize ? undefined : String(size);
  const trail = (params.back ?? '').split('.').filter(Boolean);
  const href = (cursor: string | undefined, back: string[]) =>
    hrefOf(path, { ...filters, limit, cursor, back: back.length ? back.join('.') : undefined });
  const here = params.cursor;
  // The first page has no cursor: its place in the trail is an empty marker, "-".
  const prev = trail.length ? trail[trail.length - 1] : undefined;
  return {
    firstHref: here ? href(undefined, []) : null,
    prevHref: here ? href(prev === '-' ? undefined : prev, trail.slice(0, -1)) : null,
    nextHref: nextCursor ? href(nextCursor, [...trail, here ?? '-'].slice(-TRAIL_MAX)) : null,
    size,
    standard: fallbackSize,
    sizeHrefs: PAGE_SIZES.filter((s) => s !== size).map((s) => ({
      size: s,
      href: hrefOf(path, { ...filters, limit: s === fallbackSize ? undefined : String(s) }),
    })),
  };
}
