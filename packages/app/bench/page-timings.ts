import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/build-app.ts';
import type { Context } from './operations.ts';
import type { RunOptions } from './repeat.ts';
import { elapsedMs, summarize } from './stats.ts';

/** Requests of each page per timed run (a tenth of it in the warm-up). */
const REQUESTS = 200;
/** The bench's users have no password: this one is given one, to sign in as a person does. */
const PASSWORD = 'Bench-Quartz-Lithium-7';

interface Signed {
  app: FastifyInstance;
  cookie: string;
  experimentId: number;
}
/** One app and signed-in reader per benchmark database: built on the first run, kept for the rest. */
const signedIn = new WeakMap<Context, Signed>();

async function signIn(c: Context): Promise<Signed> {
  const known = signedIn.get(c);
  if (known) return known;
  // Not readers[0]: http_list holds API tokens for that one, which a new password would end.
  const reader = c.readers[1] ?? c.readers[0]!;
  await c.authz.setPassword(reader, PASSWORD, { keepApiTokens: true });
  const user = await c.authz.getUser(reader);
  const app = await buildApp({ connection: c.connection, authz: c.authz });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: user.username, password: PASSWORD },
  });
  const cookie = login.cookies.find((k) => k.name === 'batterydb_session')?.value;
  if (login.statusCode !== 200 || !cookie)
    throw new Error(`page timings: sign-in failed (${login.statusCode}): ${login.body}`);
  // The experiment page of the newest experiment the reader may view: the list's first link.
  const first = await app.inject({
    method: 'GET',
    url: '/api/experiments?limit=1&total=none',
    headers: { cookie: `batterydb_session=${cookie}` },
  });
  const experimentId = first.json<{ items: { id: number }[] }>().items[0]?.id;
  if (experimentId === undefined) throw new Error('page timings: the reader sees no experiment');
  const signed = { app, cookie, experimentId };
  signedIn.set(c, signed);
  return signed;
}

/**
 * page timings (issue 25): the HTML list page `/experiments` (its first page, as a signed-in
 * Read-only user opens it) and the experiment page of the newest experiment that user may view,
 * each requested REQUESTS times in turn through `app.inject()` (one process, the whole Fastify
 * path: session, authorization, the queries, rendering, security headers). A run's figure is
 * the median and the 99th percentile of its requests; the harness takes the median and spread
 * over the runs. Any answer but 200 fails the benchmark. The app stays open across the runs and
 * is closed by {@link closePageTimings}.
 */
export async function pageTimings(c: Context, options: RunOptions) {
  const { app, cookie, experimentId } = await signIn(c);
  const n = options.warmup ? REQUESTS / 10 : REQUESTS;
  const times: Record<'list' | 'experiment', number[]> = { list: [], experiment: [] };
  const headers = { cookie: `batterydb_session=${cookie}`, accept: 'text/html' };
  for (let i = 0; i < n; i += 1)
    for (const [page, url] of [
      ['list', '/experiments'],
      ['experiment', `/experiments/${experimentId}`],
    ] as const) {
      const start = process.hrtime.bigint();
      const response = await app.inject({ method: 'GET', url, headers });
      times[page].push(elapsedMs(start));
      if (response.statusCode !== 200)
        throw new Error(
          `page timings: ${url} answered ${response.statusCode}: ${response.body.slice(0, 200)}`,
        );
    }
  const list = summarize(times.list);
  const experiment = summarize(times.experiment);
  return {
    page_experiments_ms: list.median,
    page_experiments_p99_ms: list.p99,
    page_experiment_ms: experiment.median,
    page_experiment_p99_ms: experiment.p99,
  };
}

/** Closes the app {@link pageTimings} kept open for this database. */
export async function closePageTimings(c: Context): Promise<void> {
  const signed = signedIn.get(c);
  signedIn.delete(c);
  await signed?.app.close();
}
