// Runs every test file of the workspace with node's test runner, over SQLite and — when the
// binaries exist — over a throwaway PostgreSQL cluster that this script starts and stops.
// Under CI=true a missing PostgreSQL fails the run: CI must always test both dialects.
//
// Each file is its own process (tsx, `--conditions=@batterydb/source` so @batterydb/authz is its sources)
// in its own process group, several at once (each file makes its own fresh databases), longest
// first by the previous run's times. A file that runs past its time limit, or whose process is
// still alive after its tests finished (a timer, server or connection left open), is killed
// with everything it started and counted as failed: the suite cannot hang. Output of a file is
// printed when it ends (in one piece), in full when it failed; the last line is the summary.
//
// Environment: TEST_CONCURRENCY (default 4), TEST_FILE_TIMEOUT_S (default 420), TEST_VERBOSE=1
// (print passing files' output too), TEST_PG_URL (use this cluster instead of starting one).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPgCluster } from './pg-cluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 4));
const fileTimeoutMs = Number(process.env.TEST_FILE_TIMEOUT_S ?? 420) * 1000;
/** After a file printed its summary, its process has this long to exit by itself. */
const EXIT_GRACE_MS = 15_000;
const verbose = process.env.TEST_VERBOSE === '1';
const timesFile = join(root, '.tmp', 'test-durations.json');

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

function readTimes() {
  try {
    return JSON.parse(readFileSync(timesFile, 'utf8'));
  } catch {
    return {};
  }
}

const previous = readTimes();
const files = ['packages/authz/test', 'packages/app/test', 'packages/harvester/test']
  .flatMap((dir) => collect(join(root, dir)))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort((a, b) => (previous[b] ?? 60_000) - (previous[a] ?? 60_000) || a.localeCompare(b));

if (files.length === 0) {
  console.error(`no test file matches ${filters.join(' ')}`);
  process.exit(1);
}

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

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=@batterydb/source`.trim(),
  FORCE_COLOR: '0',
};
const children = new Set();

function stopAll(signal) {
  for (const child of children) killGroup(child, 'SIGKILL');
  cluster?.stop();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

const COUNTERS = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];

/** Runs one file; resolves with its counts, output and verdict (never rejects). */
function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--test-reporter=spec', file], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let output = '';
    let problem = null;
    let graceTimer = null;
    const onData = (chunk) => {
      output += chunk;
      // The spec reporter's last line: the tests are over, the process should end now.
      if (graceTimer === null && /^ℹ duration_ms /m.test(output))
        graceTimer = setTimeout(() => {
          problem = `its tests finished but its process did not exit within ${EXIT_GRACE_MS / 1000} s (a timer, server or connection left open)`;
          killGroup(child, 'SIGKILL');
        }, EXIT_GRACE_MS);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    const timeout = setTimeout(() => {
      problem = `timed out after ${fileTimeoutMs / 1000} s`;
      killGroup(child, 'SIGKILL');
    }, fileTimeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      clearTimeout(graceTimer);
      children.delete(child);
      // Whatever the file started in its group (a server child, a leaked process) goes too.
      killGroup(child, 'SIGKILL');
      const counts = Object.fromEntries(
        COUNTERS.map((name) => [name, Number(new RegExp(`^ℹ ${name} (\\d+)`, 'm').exec(output)?.[1] ?? 0)]),
      );
      if (problem === null && signal !== null) problem = `killed by ${signal}`;
      if (problem === null && code !== 0 && counts.fail === 0) problem = `exited with code ${code}`;
      if (problem === null && counts.tests === 0) problem = 'ran no tests';
      const ok = problem === null && code === 0 && counts.fail === 0 && counts.cancelled === 0;
      resolve({ file, counts, output, ok, problem, ms: Date.now() - started });
    });
  });
}

const started = Date.now();
const results = [];
const queue = [...files];
async function worker() {
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const result = await runFile(file);
    results.push(result);
    const seconds = (result.ms / 1000).toFixed(1);
    const { tests, fail } = result.counts;
    if (result.ok) {
      if (verbose) process.stdout.write(result.output);
      console.log(`✔ ${file} — ${tests} tests, ${seconds} s`);
    } else {
      process.stdout.write(`\n${'─'.repeat(100)}\n${result.output}\n`);
      console.log(
        `✖ ${file} — ${fail} of ${tests} tests failed${result.problem ? `; ${result.problem}` : ''}, ${seconds} s`,
      );
      console.log('─'.repeat(100));
    }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
cluster?.stop();

const total = Object.fromEntries(
  COUNTERS.map((name) => [name, results.reduce((n, r) => n + r.counts[name], 0)]),
);
const failedFiles = results.filter((r) => !r.ok);
mkdirSync(join(root, '.tmp'), { recursive: true });
writeFileSync(
  timesFile,
  JSON.stringify({ ...previous, ...Object.fromEntries(results.map((r) => [r.file, r.ms])) }, null, 1),
);
const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log(
  `\nslowest: ${slowest.map((r) => `${r.file.split('/').pop()} ${(r.ms / 1000).toFixed(0)} s`).join(', ')}`,
);
if (failedFiles.length > 0) console.log(`failed files: ${failedFiles.map((r) => r.file).join(', ')}`);
console.log(
  `tests ${total.tests} | pass ${total.pass} | fail ${total.fail} | cancelled ${total.cancelled} | skipped ${total.skipped} | todo ${total.todo} | ` +
    `files ${results.length} (${failedFiles.length} failed) | ${cluster || process.env.TEST_PG_URL ? 'sqlite + postgres' : 'sqlite only'} | ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failedFiles.length === 0 ? 0 : 1);
