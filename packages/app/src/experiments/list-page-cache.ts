import type { AccessFilter } from '@batterydb/authz';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { lruEntry } from '../db/lru-entry.ts';
import { type ExperimentQuery, isUnfiltered } from './find-experiments.ts';
import { grantsValidUntil, LIST_VERSION_SQL, stillValid, totalKey } from './list-total-cache.ts';

/**
 * The JSON list's pages without search or filters — the first page everyone opens and the pages
 * after it — remembered as the bytes sent, per viewer's access (issue 25). Reading, shaping and
 * serialising 50 rows was most of a request's CPU; on a hit a request costs its authentication,
 * one small statement and the send.
 *
 * Every request reads the page version: the sum of the counters that writes bump by trigger in
 * their own transaction — who may view what (the experiment list version and the authorization
 * generation, list-total-cache.ts) and what a page shows (every experiment row, cell counts,
 * owners' usernames: migration 2026-12-07-25-31) — and a remembered page is served only if
 * it was made at the same version, and before the earliest expiry of a grant (the viewer's
 * clock: an expiry is not a write). So every process sees every write at once (SPEC §3.5), no
 * TTL. The version is read before the page is made: a write in between leaves the entry one
 * version behind, remade by the next request.
 */

interface Entry {
  version: number;
  validUntil: number;
  body: string;
}

/** Pages remembered per database handle: ≈ 20 KB each at the default 50 items. */
const ENTRIES_KEPT = 256;
const byDatabase = new WeakMap<object, Map<string, Entry>>();

const PAGE_VERSION = sql<{
  v: number | string;
}>`select ${LIST_VERSION_SQL} + (select coalesce(sum(value), 0) from experiment_page_version) as v`;
const compiledByDatabase = new WeakMap<object, CompiledQuery<{ v: number | string }>>();

/** The page version now (a sum: PostgreSQL answers it as a numeric string). */
export async function pageVersion(db: Kysely<Database>): Promise<number> {
  let query = compiledByDatabase.get(db);
  if (!query) compiledByDatabase.set(db, (query = PAGE_VERSION.compile(db)));
  return Number((await db.executeQuery(query)).rows[0]!.v);
}

/** What a page's bytes depend on besides the versions; null for a query that is not remembered. */
function pageKey(db: Kysely<Database>, filter: AccessFilter | null, query: ExperimentQuery): string | null {
  if ((query.include?.length ?? 0) > 0 || !isUnfiltered(db, query)) return null;
  const { sort = '', cursor = '', limit = '' } = query;
  return `${totalKey(filter, query.total ?? 'estimate')}|${sort}|${limit}|${cursor}`;
}

/**
 * The body for this viewer's `query`: remembered while current, otherwise `render`ed (and
 * remembered when the query has no search, filters or extras). `render` is the list made and
 * serialised as the response would be; its errors (a bad cursor, sort or limit) pass through
 * and nothing is remembered.
 */
export async function listPageBody(
  db: Kysely<Database>,
  filter: AccessFilter | null,
  query: ExperimentQuery,
  render: () => Promise<string>,
): Promise<string> {
  const key = pageKey(db, filter, query);
  if (key === null) return render();
  const version = await pageVersion(db);
  let entries = byDatabase.get(db);
  if (!entries) byDatabase.set(db, (entries = new Map<string, Entry>()));
  const known = entries.get(key);
  if (known && known.version === version && stillValid(filter, known.validUntil)) return known.body;
  const body = await render();
  const validUntil = await grantsValidUntil(db, filter);
  const entry = lruEntry(entries, key, ENTRIES_KEPT, () => ({ version, validUntil, body }));
  Object.assign(entry, { version, validUntil, body });
  return body;
}
