import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { load, WARMUP_SECONDS } from './http-list.ts';
import type { Context } from './operations.ts';
import type { RunOptions } from './repeat.ts';

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/**
 * http_list as deployed: `batterydb serve` with one worker per core (its default, SPEC §7) on the
 * benchmark's database, the same request as http_list (a Read-only user's bearer token, first
 * page). The in-process http_list measures one process against its bypassed twin; this one says
 * what the 2-core machine of WORKLOAD.md serves. Request logging is off (`NODE_ENV=test`), as in
 * the in-process figure. autocannon runs on the same cores, so it takes its share of them too.
 */
export async function httpListWorkers(c: Context, options: RunOptions) {
  const seconds = options.warmup ? WARMUP_SECONDS : c.httpSeconds;
  const workers = availableParallelism();
  const { token } = await c.authz.createApiToken(c.readers[0]!, { name: 'bench', expiresAt: null });
  const child = spawn(
    process.execPath,
    ['--conditions=@batterydb/source', '--import', 'tsx', MAIN, 'serve'],
    {
      env: {
        ...process.env,
        DATABASE_URL: c.databaseUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        NODE_ENV: 'test',
        WORKERS: String(workers),
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', () => {
        const match = /is serving (http:\/\/[0-9.]+:[0-9]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`serve exited before it served:\n${output}`));
      });
    });
    const result = await load(
      `${url}/api/experiments`,
      { authorization: `Bearer ${token}` },
      2 * workers,
      seconds,
    );
    return {
      http_list_workers_req_per_s: Math.round(result.requests.average),
      http_list_workers_p99_ms: result.latency.p99,
    };
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
    await exited;
  }
}
