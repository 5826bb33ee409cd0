import { sql } from 'kysely';
import type { AppAuthz } from '../src/authz/create-app-authz.ts';
import type { Connection } from '../src/db/connect.ts';
import { elapsedMs, random, summarize } from './stats.ts';

const VIEW = 'batterydb.view_experiment';

export interface Context {
  connection: Connection;
  authz: AppAuthz;
  userIds: number[];
  readers: number[];
  experimentIds: number[];
  queries: { count: number };
  /** How long each autocannon run of http_list lasts (`--duration`). */
  httpSeconds: number;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/** check_cold: user and experiment loaded afresh for every decision. */
export async function checkCold(c: Context) {
  const rnd = random(7);
  const pairs = Array.from(
    { length: 2000 },
    () => [pick(rnd, c.userIds), pick(rnd, c.experimentIds)] as const,
  );
  const start = process.hrtime.bigint();
  for (const [user, experiment] of pairs) await c.authz.experiments.hasPerm(user, VIEW, experiment);
  return { check_cold_per_s: Math.round(pairs.length / (elapsedMs(start) / 1000)) };
}

/**
 * check_warm: the same decisions with the users' permission sets (and rows) already loaded:
 * through the synchronous warm checks (one per user, loaded before timing), and through the
 * async `hasPerm` on a loaded Subject for comparison.
 */
export async function checkWarm(c: Context) {
  const rnd = random(7);
  const pairs = Array.from(
    { length: 2000 },
    () => [pick(rnd, c.userIds), pick(rnd, c.experimentIds)] as const,
  );
  const subjects = new Map<number, NonNullable<Awaited<ReturnType<AppAuthz['loadSubject']>>>>();
  for (const [u] of pairs) if (!subjects.has(u)) subjects.set(u, (await c.authz.loadSubject(u))!);
  const warm = new Map<number, Awaited<ReturnType<AppAuthz['experiments']['warm']>>>();
  for (const [u, s] of subjects) warm.set(u, await c.authz.experiments.warm(s));
  const rows = new Map(
    (
      await c.connection.db
        .selectFrom('experiment')
        .select(['id', 'owner_id', 'status'])
        .where('id', 'in', [...new Set(pairs.map((p) => p[1]))])
        .execute()
    ).map((r) => [r.id, r]),
  );
  const loaded = pairs.map(([u, e]) => [subjects.get(u)!, warm.get(u)!, rows.get(e)!] as const);
  const rounds = 200;
  let allowed = 0;
  let start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) for (const [, w, r] of loaded) if (w.has(VIEW, r)) allowed += 1;
  const syncPerS = (rounds * loaded.length) / (elapsedMs(start) / 1000);
  const asyncRounds = 20;
  start = process.hrtime.bigint();
  for (let i = 0; i < asyncRounds; i++)
    for (const [s, , r] of loaded) if (await c.authz.experiments.hasPerm(s, VIEW, r)) allowed -= 10;
  const asyncPerS = (asyncRounds * loaded.length) / (elapsedMs(start) / 1000);
  if (allowed !== 0) throw new Error('check_warm: the sync and async checks disagree');
  return { check_warm_per_s: Math.round(syncPerS), check_warm_async_per_s: Math.round(asyncPerS) };
}

/** list: first page of 50 visible experiments (newest first) + the total, for 50 Read-only users. */
export async function list(c: Context) {
  const rnd = random(11);
  const users = Array.from({ length: 50 }, () => pick(rnd, c.readers));
  const page: number[] = [];
  const count: number[] = [];
  for (const pass of [0, 1]) {
    for (const user of users) {
      let t = process.hrtime.bigint();
      await c.authz.experiments.list(user, VIEW, { orderBy: 'created_at', direction: 'desc', limit: 50 });
      const p = elapsedMs(t);
      t = process.hrtime.bigint();
      await c.authz.experiments.count(user, VIEW);
      const n = elapsedMs(t);
      if (pass === 1) {
        page.push(p);
        count.push(n);
      }
    }
  }
  const total = page.map((p, i) => p + count[i]!);
  return {
    list_ms: summarize(total).median,
    list_p99_ms: summarize(total).p99,
    list_page_ms: summarize(page).median,
    list_page_p99_ms: summarize(page).p99,
    list_count_ms: summarize(count).median,
  };
}

/** page_prefetch: one user, 50 random experiments, one decision each — one query at most. */
export async function pagePrefetch(c: Context) {
  const rnd = random(13);
  const times: number[] = [];
  let queries = 0;
  for (let round = 0; round < 60; round++) {
    const ids = Array.from({ length: 50 }, () => pick(rnd, c.experimentIds));
    const rows = await c.connection.db
      .selectFrom('experiment')
      .select(['id', 'owner_id', 'status'])
      .where('id', 'in', ids)
      .execute();
    const subject = (await c.authz.loadSubject(pick(rnd, c.readers)))!;
    const before = c.queries.count;
    const t = process.hrtime.bigint();
    await c.authz.experiments.checkMany(subject, VIEW, rows);
    if (round >= 10) times.push(elapsedMs(t));
    queries = Math.max(queries, c.queries.count - before);
  }
  return {
    page_prefetch_ms: summarize(times).median,
    page_prefetch_p99_ms: summarize(times).p99,
    page_prefetch_queries: queries,
  };
}

/** flip_one: one experiment public↔private, committed; the next check sees it (rules are live). */
export async function flipOne(c: Context) {
  const rnd = random(17);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const id = pick(rnd, c.experimentIds);
    const t = process.hrtime.bigint();
    await c.authz.experiments.update(sql`id = ${id}`, {
      status: sql`case when status = 'public' then 'private' else 'public' end`,
    });
    times.push(elapsedMs(t));
  }
  return { flip_one_ms: summarize(times).median, flip_one_p99_ms: summarize(times).p99 };
}

/** flip_bulk: 10% of all experiments, at random, to private in one transaction. */
export async function flipBulk(c: Context) {
  const rnd = random(19);
  const chosen = c.experimentIds.filter(() => rnd() < 0.1);
  const t = process.hrtime.bigint();
  await c.authz.transaction(async (tx) => {
    const experiments = tx.objects(c.authz.experiments.policy);
    for (let i = 0; i < chosen.length; i += 10_000)
      await experiments.update(sql`id in (${sql.join(chosen.slice(i, i + 10_000))})`, { status: 'private' });
  });
  return { flip_bulk_s: elapsedMs(t) / 1000, flip_bulk_rows: chosen.length };
}
