// Runs every test file of the workspace with node's test runner, over SQLite and — when the
// binaries exist — over a throwaway PostgreSQL cluster that this script starts and stops.
// Under CI=true a missing PostgreSQL fails the run: CI must always test both dialects.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startPgCluster } from './pg-cluster.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = ['packages/authz/test', 'packages/app/test']
  .flatMap((dir) => collect(join(root, dir)))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let cluster = null;
if (!process.env.TEST_PG_URL) {
  try {
    cluster = await startPgCluster();
    process.env.TEST_PG_URL = cluster.url;
  } catch (error) {
    if (process.env.CI === 'true') {
      console.error(`FAIL: CI=true and PostgreSQL could not be started: ${error.message}`);
      process.exit(1);
    }
    console.error(`\n!!! PostgreSQL SKIPPED: ${error.message.split('\n')[0]} — only SQLite is tested !!!\n`);
  }
}
const cleanup = () => cluster?.stop();
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', cwd: root, env: process.env },
);
cleanup();
process.exit(result.status ?? 1);
