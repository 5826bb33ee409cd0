import { listenAddress } from './serve-settings.ts';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthzError } from '@batterydb/authz';
import { sql } from 'kysely';
import type { AppAuthz } from '../../authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../authz/roles.ts';
import type { Connection } from '../../db/connect.ts';
import { updateCell } from '../../cells/change-cells.ts';
import { createExperiments } from '../../experiments/create-experiments.ts';
import {
  type DemoDataset,
  haveRealFiles,
  realDatasets,
  syntheticDatasets,
} from '../../imports/demo-datasets.ts';
import { fixtureDatasets, haveFixtureFiles } from '../../imports/fixture-datasets.ts';
import { runImport } from '../../imports/run-import.ts';

/** The repository root, from this file's place in it (never a fixed path). */
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** Where the real cycler files live: beside the repository (SOURCES.md). */
export const DEFAULT_CYCLER_DATA = path.resolve(REPO_ROOT, '../shared/data/cyclers');
/** Real cycler files that ship with the repository (fixtures/cyclers/README.md). */
export const FIXTURE_CYCLER_DATA = path.resolve(REPO_ROOT, 'fixtures/cyclers');

const USERS = [
  { username: 'demo-reader', role: ROLE_READ_ONLY },
  { username: 'demo-contributor', role: ROLE_CONTRIBUTOR },
  { username: 'demo-maintainer', role: ROLE_MAINTAINER },
] as const;

export interface DemoOptions {
  /** Folder of real cycler files (default: ../shared/data/cyclers beside the repository). */
  data?: string;
  /** Generated data even when the real files are there. */
  synthetic?: boolean;
  /** HOST and PORT for the URL printed at the end (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  /** The shipped fixtures folder (default: fixtures/cyclers), used when `data` has no files. */
  fixtures?: string;
}

/**
 * `batterydb demo`: one user per role with a random password (printed here, once, never
 * stored in clear), and experiments owned by the contributor — some public, some private —
 * with data imported through the same pipeline as an upload: the real cycler files when they
 * are present, a synthetic run otherwise. A second run refuses and changes nothing.
 * Returns the lines to print.
 */
export async function runDemo(
  app: { connection: Connection; authz: AppAuthz },
  options: DemoOptions = {},
): Promise<string[]> {
  const { authz } = app;
  for (const { username } of USERS)
    if (await authz.findUserByUsername(username))
      throw new AuthzError(
        'CONFLICT',
        `demo data already exists (user "${username}" is there); nothing was changed. ` +
          'Run `batterydb demo` on a fresh database, or delete the demo users first',
        'username',
      );

  const lines = ['Demo users (the passwords are shown only now):'];
  const ids: Record<string, number> = {};
  for (const { username, role } of USERS) {
    // 96 random bits, URL-safe: easy to paste, far beyond guessing.
    const password = randomBytes(12).toString('base64url');
    const user = await authz.createUser({ username, password });
    const group = await authz.findGroupByName(role);
    if (!group) throw new Error(`role "${role}" is missing: run \`batterydb init\``);
    await authz.addMember(group.id, user.id);
    ids[role] = user.id;
    lines.push(`  ${username.padEnd(18)} ${role.padEnd(12)} ${password}`);
  }

  const dataDir = path.resolve(options.data ?? DEFAULT_CYCLER_DATA);
  const fixtureDir = path.resolve(options.fixtures ?? FIXTURE_CYCLER_DATA);
  // Real data whenever there is some: ../shared's files, else the fixtures a clone ships with.
  const source = options.synthetic
    ? 'synthetic'
    : haveRealFiles(dataDir)
      ? 'shared'
      : haveFixtureFiles(fixtureDir)
        ? 'fixtures'
        : 'synthetic';
  const datasets =
    source === 'shared'
      ? realDatasets(dataDir)
      : source === 'fixtures'
        ? fixtureDatasets(fixtureDir)
        : syntheticDatasets();
  const heading = {
    shared: `from the real cycler files in ${dataDir}`,
    fixtures: `from the real cycler files shipped in ${fixtureDir} (no files at ${dataDir})`,
    synthetic: `from synthetic data${options.synthetic ? '' : ` (no cycler files at ${dataDir} or ${fixtureDir})`}`,
  }[source];
  lines.push('', `Experiments (owner demo-contributor), ${heading}:`);
  const owner = ids[ROLE_CONTRIBUTOR]!;
  for (const dataset of datasets) lines.push(await createDemoExperiment(app, owner, dataset));
  lines.push('', ...nextSteps(options.env ?? process.env));
  return lines;
}

/** Where to look next: the URL `serve` listens on (same HOST/PORT defaults) and whom to sign in as. */
export function nextSteps(env: NodeJS.ProcessEnv): string[] {
  // The very function `serve` reads HOST/PORT with, so the URL is the one the server listens on
  // when both run with the same environment.
  const { host, port } = listenAddress(env);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  const where =
    env.PORT === undefined && env.HOST === undefined
      ? ' — the default; if your server runs with HOST or PORT set, run demo with the same'
      : '';
  return [
    `Open ${url} (start the server with \`npm start\` if it is not running${where})`,
    'and sign in as demo-contributor with the password above: search, plot, upload, share, ask for publication.',
    'Sign in as demo-maintainer to review publication requests; demo-reader sees the public experiments only.',
  ];
}

async function createDemoExperiment(
  { authz, connection }: { connection: Connection; authz: AppAuthz },
  owner: number,
  dataset: DemoDataset,
): Promise<string> {
  const [row] = await createExperiments(authz, owner, [dataset.experiment]);
  const experimentId = Number(row!.id);
  let points = 0;
  let cycles = 0;
  for (const file of dataset.files) {
    const result = await runImport(connection, {
      experimentId,
      userId: owner,
      fileName: file.name,
      input: file.open(),
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    if (!result.ok) throw new Error(`demo file ${file.name} did not import: ${result.error.message}`);
    // The upload made the file's cell; it gets the lab's metadata through the cells API's own code.
    const { cell_id: cellId } = await connection.db
      .selectFrom('data_file')
      .select('cell_id')
      .where('id', '=', result.file.fileId)
      .executeTakeFirstOrThrow();
    if (cellId !== null) await updateCell(connection.db, experimentId, cellId, dataset.cell, Date.now());
    points += result.file.points;
    cycles += result.file.cycles;
  }
  // Published last: the owner may import into an experiment only while it is private.
  if (dataset.public)
    await authz.experiments.update(sql`id = ${experimentId}`, { status: 'public', updated_at: Date.now() });
  const status = dataset.public ? 'public ' : 'private';
  return `  #${String(experimentId).padEnd(4)} ${status} ${dataset.experiment.title} — ${points.toLocaleString('en')} samples, ${cycles} cycle${cycles === 1 ? '' : 's'}`;
}
