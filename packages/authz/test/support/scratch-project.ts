/**
 * A project outside the monorepo that installs the packed kit as a user would (issue 15):
 * `npm pack` (whose `prepack` builds `dist/`), then `npm install --offline` of the tarball.
 * Offline and bounded: kysely and unhomoglyph come as `file:` links to the monorepo's copies
 * (the npm cache holds tarballs, not the registry's metadata that resolving a range needs),
 * and the native or many-dependency packages the example uses are linked in after the
 * install, so no test ever waits on the network or a native build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const KIT = join(ROOT, 'packages/authz');
const MONOREPO_MODULES = join(ROOT, 'node_modules');

/** Resolved by npm from the monorepo (no dependencies of their own). */
const FILE_DEPENDENCIES = ['kysely', 'unhomoglyph'];
/** Linked after the install: native builds and packages with dependencies of their own. */
const LINKED = ['better-sqlite3', 'pg', '@node-rs/argon2', 'fastify', '@types/node'];

/**
 * A child process the way a user's shell would start it: no test runner `NODE_OPTIONS`
 * (`--conditions=@batterydb/source`, tsx) and no `npm_*` variables of the surrounding `npm run`.
 */
function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (key !== 'NODE_OPTIONS' && !key.toLowerCase().startsWith('npm_')) env[key] = value;
  return { ...env, ...extra };
}

/** Runs a command to its end; a non-zero exit or overrunning `timeoutS` is an error with its output. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutS: number; env?: Record<string, string> },
): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: plainEnv(options.env ?? {}),
    encoding: 'utf8',
    timeout: options.timeoutS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const said = `\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  const what = `\`${command} ${args.join(' ')}\` in ${options.cwd}`;
  if (result.error && (result.error as { code?: string }).code === 'ETIMEDOUT')
    throw new Error(`${what} did not finish within ${options.timeoutS} s${said}`);
  if (result.error) throw new Error(`${what} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} exited with ${result.status ?? result.signal}${said}`);
  return result.stdout;
}

export interface ScratchProject {
  readonly dir: string;
  readonly tarball: string;
  remove(): void;
}

/** Packs the kit and installs the tarball into a fresh project holding copies of `files` (absolute paths). */
export function packAndInstall(files: readonly string[]): ScratchProject {
  const base = mkdtempSync(join(tmpdir(), 'authz-package-'));
  const remove = () => rmSync(base, { recursive: true, force: true });
  try {
    run('npm', ['pack', '--pack-destination', base, '--silent'], { cwd: KIT, timeoutS: 240 });
    const tarballs = readdirSync(base).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${base}`);
    const tarball = join(base, tarballs[0]!);

    const dir = join(base, 'project');
    mkdirSync(dir);
    for (const file of files) cpSync(file, join(dir, basename(file)));
    const dependencies: Record<string, string> = { '@batterydb/authz': `file:${tarball}` };
    for (const name of FILE_DEPENDENCIES) dependencies[name] = `file:${join(MONOREPO_MODULES, name)}`;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'authz-scratch', private: true, type: 'module', dependencies }, null, 2),
    );
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      timeoutS: 120,
    });
    for (const name of LINKED) {
      const link = join(dir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(MONOREPO_MODULES, name), link, 'dir');
    }
    return { dir, tarball, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
