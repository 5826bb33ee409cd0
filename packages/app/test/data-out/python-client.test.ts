/**
 * The Python client (clients/python, issue 21) against a live server on every dialect: this file
 * starts the server on a free port, makes three experiments (one with an imported file), gives
 * their owner an API token and runs the client's own tests (`python3 -m unittest`) against it.
 * Needs a python3 with requests and pandas (Debian: python3-requests, python3-pandas); without
 * one the file is skipped with the reason — except under CI=true, where that fails.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';
import { fixture } from '../support/fixture-cyclers.ts';

const CLIENT = fileURLToPath(new URL('../../../../clients/python/', import.meta.url));

/** The first python3 that imports requests and pandas: $BATTERYDB_PYTHON, Debian's, then PATH's. */
function findPython(): string | null {
  for (const candidate of [process.env.BATTERYDB_PYTHON, '/usr/bin/python3', 'python3']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-c', 'import requests, pandas'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

const PYTHON = findPython();
const MISSING = 'no python3 with requests and pandas (apt-get install python3-requests python3-pandas)';
if (PYTHON === null) {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${MISSING}`);
  console.warn(`!!! SKIPPED: the Python client's tests — ${MISSING}`);
}

/** Runs the client's unittest suite; resolves with its exit code and output (never blocks the server). */
function unittest(
  python: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', 'unittest', 'discover', '-v', '-s', 'tests', '-t', '.'], {
      cwd: CLIENT,
      env: { ...process.env, PYTHONPATH: CLIENT, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

for (const dialect of DIALECTS) {
  describe(
    `the Python client against a live server (${dialect})`,
    { skip: PYTHON === null ? MISSING : false },
    () => {
      let server: DataServer;
      let url = '';
      const env: Record<string, string> = {};
      before(async () => {
        server = await dataServer(dialect);
        const word = `replicate${Date.now().toString(36)}`;
        const ids: number[] = [];
        for (const n of [1, 2, 3])
          ids.push(await server.experiment({ title: `NMC ${word} ${n}`, activeMassMg: 12 }));
        const imported = await upload(
          server,
          'owner',
          ids[0]!,
          'nw4-120-6-1-36.ndax',
          readFileSync(fixture('neware/nw4-120-6-1-36.ndax')),
        );
        assert.equal(imported.statusCode, 201, imported.body);
        url = await server.app.listen({ port: 0, host: '127.0.0.1' });
        const { token } = await server.authz.createApiToken(server.userIds.owner, {
          name: 'python',
          expiresAt: null,
        });
        Object.assign(env, {
          BATTERYDB_URL: url,
          BATTERYDB_TOKEN: token,
          BATTERYDB_EXPERIMENT: String(ids[0]),
          BATTERYDB_FIXTURE: fixture('arbin/sample_data_arbin.csv'),
          BATTERYDB_SEARCH: word,
        });
      });
      after(() => server?.close());

      test('python3 -m unittest passes against it', async () => {
        const { code, output } = await unittest(PYTHON!, env);
        assert.equal(code, 0, output);
        assert.match(output, /Ran \d+ tests/);
        console.log(
          output
            .split('\n')
            .filter((l) => / \.\.\. /.test(l))
            .join('\n'),
        );
      });
    },
  );
}
