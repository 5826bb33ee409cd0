// Builds every workspace package for production: tsc compiles the package's src/ (each .ts and
// .tsx) to dist/ as JavaScript with declarations — `rewriteRelativeImportExtensions` turns the
// repository's `./x.ts` specifiers into `./x.js` — and every other file under src/ (templates,
// client assets, READMEs) is copied beside it. Packages build in the workspace order of the root
// package.json (the kit before the app that imports it); a package may add more
// `tsconfig.build.*.json` projects (e.g. client scripts), built after its `tsconfig.build.json`.
//
// `node scripts/build.mjs packages/authz` builds the named packages only (the kit's `prepack`).
//
// `--if-possible` (npm's `prepare`, which also runs on `npm ci --omit=dev`): without TypeScript
// installed, an existing build is kept; otherwise that is an error with the way out.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifPossible = process.argv.includes('--if-possible');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = only.filter((dir) => !workspaces.includes(dir));
if (unknown.length > 0) {
  console.error(`build: not a workspace package: ${unknown.join(', ')} (one of ${workspaces.join(', ')})`);
  process.exit(1);
}
const packages = workspaces.filter(
  (dir) => existsSync(join(root, dir, 'tsconfig.build.json')) && (only.length === 0 || only.includes(dir)),
);

function findTsc() {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

const tsc = findTsc();
if (tsc === null) {
  const built = packages.every((dir) => existsSync(join(root, dir, 'dist')));
  if (ifPossible && built) {
    console.log(
      'build: TypeScript is not installed (a production install): keeping the existing dist/ folders',
    );
    process.exit(0);
  }
  console.error(
    'build: TypeScript is not installed. Build with the dev dependencies first (`npm ci && npm run build`), ' +
      'then install for production (`npm ci --omit=dev`).',
  );
  process.exit(1);
}

/** Every file under `dir`, as paths relative to it. */
function walk(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

for (const dir of packages) {
  const started = Date.now();
  rmSync(join(root, dir, 'dist'), { recursive: true, force: true });
  const projects = readdirSync(join(root, dir))
    .filter((name) => /^tsconfig\.build(\..+)?\.json$/.test(name))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  for (const project of projects) {
    const result = spawnSync(process.execPath, [tsc, '-p', join(dir, project)], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      console.error(`build: ${dir}/${project} failed`);
      process.exit(result.status ?? 1);
    }
  }
  const assets = walk(join(root, dir, 'src')).filter((file) => !TYPESCRIPT.test(file));
  for (const file of assets) {
    const to = join(root, dir, 'dist', file);
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(join(root, dir, 'src', file), to);
  }
  console.log(
    `build: ${dir} → ${dir}/dist (${assets.length} assets copied) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
