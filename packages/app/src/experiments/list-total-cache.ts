import type { AccessFilter } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { lruEntry } from '../db/lru-entry.ts';

/**
 * The list's total without filters, remembered per viewer's access (issue 25). Counting the
 * visible experiments — even capped at 1,001 — is most of what authorization adds to the list
 * (docs/benchmarks.md), and it only changes when a write changes who may view what:
 *
 * - an experiment added or removed, its status or owner changed: the experiment list version
 *   (migration 2026-12-07-25-02, bumped by trigger in the write's transaction);
 * - roles, memberships, grants, flags: the stored authorization generation (bumped likewise);
 * - a grant reaching its expiry: no write at all — so an entry holds only until the earliest
 *   expiry of a live grant at the time it was counted (the viewer's clock, the filter's own).
 *
 * The list statement reads both versions in the same statement (the same snapshot) as the page,
 * and counts only when their sum differs from the one the entry was counted at (see
 * `totalSql`): every request still asks the database, so every process sees every write at
 * once (SPEC §3.5) — no TTL. Both counters only grow, so their sum changes with every such write.
 */

/** The version the list statement compares with: the sum of both counters. */
export const LIST_VERSION_SQL = sql<number>`((select coalesce(sum(value), 0) from experiment_list_version) + (select coalesce(sum(value), 0) from authz_generation))`;

/** The total column's value when the version matched: "use the remembered total". */
export const TOTAL_UNCHANGED = -1;

interface Entry {
  version: number;
  total: number;
  /** The filter's clock must stay below this (a grant expires then); Infinity: no expiry. */
  validUntil: number;
}

/** Access shapes × viewers remembered per database handle; a few thousand readers at most matter. */
const ENTRIES_KEPT = 4096;
const byDatabase = new WeakMap<object, Map<string, Entry>>();

/** What a total depends on besides the versions: whose access (without the clock) and how it is counted. */
export function totalKey(filter: AccessFilter | null, mode: string): string {
  if (!filter) return `everything|${mode}`;
  const clock = new Set(filter.clock);
  return `${filter.key}|${filter.values.filter((_, i) => !clock.has(i)).join(',')}|${mode}`;
}

const clockOf = (filter: AccessFilter | null): number | null =>
  filter && filter.clock.length > 0 ? filter.values[filter.clock[0]!]! : null;

/**
 * The entry for this viewer and count, if its grants have not expired by the filter's clock:
 * its version to bind in the statement, and its total for when the statement finds it unchanged.
 */
export function rememberedTotal(
  db: Kysely<Database>,
  key: string,
  filter: AccessFilter | null,
): { version: number; total: number } | null {
  const entry = byDatabase.get(db)?.get(key);
  if (!entry || !stillValid(filter, entry.validUntil)) return null;
  return { version: entry.version, total: entry.total };
}

/**
 * Until when something remembered for this filter's viewer holds with no write at all: the
 * earliest expiry, after the filter's clock, of any grant on experiments — every grant, not
 * only the viewer's (a superset: an entry may end early, never late); Infinity for a filter
 * without a clock. Read after what it guards, but a grant made meanwhile bumped the version.
 */
export async function grantsValidUntil(db: Kysely<Database>, filter: AccessFilter | null): Promise<number> {
  const now = clockOf(filter);
  let validUntil = Infinity;
  if (now === null) return validUntil;
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('experiment_user_grant')
        .select((s) => s.fn.min('expires_at').as('m'))
        .where('expires_at', '>', now)
        .as('user_expiry'),
      eb
        .selectFrom('experiment_group_grant')
        .select((s) => s.fn.min('expires_at').as('m'))
        .where('expires_at', '>', now)
        .as('group_expiry'),
    ])
    .executeTakeFirstOrThrow();
  for (const expiry of [row.user_expiry, row.group_expiry])
    if (expiry !== null) validUntil = Math.min(validUntil, Number(expiry));
  return validUntil;
}

/** Whether an entry that holds until `validUntil` still holds by this filter's clock. */
export function stillValid(filter: AccessFilter | null, validUntil: number): boolean {
  const now = clockOf(filter);
  return now === null || now < validUntil;
}

/** Remembers a total counted at `version`, until {@link grantsValidUntil}. */
export async function rememberTotal(
  db: Kysely<Database>,
  key: string,
  filter: AccessFilter | null,
  version: number,
  total: number,
): Promise<void> {
  const validUntil = await grantsValidUntil(db, filter);
  let entries = byDatabase.get(db);
  if (!entries) byDatabase.set(db, (entries = new Map<string, Entry>()));
  const entry = lruEntry(entries, key, ENTRIES_KEPT, () => ({ version, total, validUntil }));
  Object.assign(entry, { version, total, validUntil });
}
