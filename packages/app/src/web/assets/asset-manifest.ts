import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `packages/app/public/`: client scripts and the stylesheets, served as they are — no bundler.
 * Two levels up from `src/web/assets/` (tsx) or `dist/web/assets/` (a build that mirrors `src/`).
 */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));
/** uPlot from node_modules (never a CDN): the only vendor files served, by exact name. */
const UPLOT_DIR = dirname(createRequire(import.meta.url).resolve('uplot'));
const VENDOR_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'];

/** One servable file: its bytes and the content-hashed name pages link to. */
export interface Asset {
  /** e.g. `js/plots.js` */
  path: string;
  /** e.g. `js/plots.3f2a9c1b0d.js`: changes whenever the bytes do, so it may be cached for good. */
  hashedPath: string;
  type: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
/** `import … from './api.js'` and `import('./api.js')` between the client modules. */
const RELATIVE_IMPORT = /(from\s*|import\s*\(\s*)(['"])\.\/([a-z0-9-]+\.js)\2/g;

function hashed(path: string, body: Buffer): string {
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return path.replace(/\.(js|css)$/, `.${digest}.$1`);
}

/**
 * Every asset by its plain and its hashed path. A module's imports of its siblings are rewritten
 * to their hashed names before it is hashed itself, so a change in `api.js` renames every module
 * that imports it too — and a cached module never loads a stale sibling.
 */
function build(): Map<string, Asset> {
  const sources = new Map<string, Buffer>();
  for (const folder of ['js', 'css'])
    for (const name of readdirSync(join(PUBLIC_DIR, folder)).filter((n) => /^[a-z0-9-]+\.(js|css)$/.test(n)))
      sources.set(`${folder}/${name}`, readFileSync(join(PUBLIC_DIR, folder, name)));
  for (const name of VENDOR_FILES) sources.set(`vendor/${name}`, readFileSync(join(UPLOT_DIR, name)));
  const done = new Map<string, Asset>();
  const visit = (path: string, trail: readonly string[]): Asset => {
    const known = done.get(path);
    if (known) return known;
    if (trail.includes(path))
      throw new Error(`client modules import each other in a cycle: ${trail.join(' → ')}`);
    let body = sources.get(path);
    if (!body) throw new Error(`a client module imports ${path}, which does not exist`);
    if (path.startsWith('js/'))
      body = Buffer.from(
        body.toString('utf8').replace(RELATIVE_IMPORT, (_m, lead: string, quote: string, name: string) => {
          const target = visit(`js/${name}`, [...trail, path]);
          return `${lead}${quote}./${target.hashedPath.slice(3)}${quote}`;
        }),
      );
    const asset = { path, hashedPath: hashed(path, body), type: TYPES[path.split('.').pop()!]!, body };
    done.set(path, asset);
    return asset;
  };
  const byPath = new Map<string, Asset>();
  for (const path of sources.keys()) {
    const asset = visit(path, []);
    byPath.set(asset.path, asset);
    byPath.set(asset.hashedPath, asset);
  }
  return byPath;
}

let manifest: Map<string, Asset> | null = null;

/** The assets, read once per process (the files do not change under a running server). */
export function assets(): Map<string, Asset> {
  manifest ??= build();
  return manifest;
}

/** The URL a page links to: `/assets/js/plots.3f2a9c1b0d.js` for `js/plots.js`. */
export function assetHref(path: string): string {
  const asset = assets().get(path);
  if (!asset) throw new Error(`no asset ${path}`);
  return `/assets/${asset.hashedPath}`;
}
