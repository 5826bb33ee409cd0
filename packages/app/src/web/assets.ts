import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../server/http/problem.ts';

/**
 * `packages/app/public/`: client scripts and the stylesheet, served as they are — no bundler.
 * Two levels up from this file both from `src/web/` (tsx) and from a build that mirrors `src/`
 * (e.g. `dist/web/`), so the same folder is served either way.
 */
export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/** uPlot from node_modules (never a CDN): the only vendor files served, by exact name. */
const UPLOT_DIR = dirname(createRequire(import.meta.url).resolve('uplot'));
const VENDOR_FILES = new Set(['uPlot.iife.min.js', 'uPlot.min.css']);
const ASSET_NAME = /^[a-z0-9-]+\.(js|css)$/;

/**
 * `GET /assets/js/:name`, `/assets/css/:name`, `/assets/vendor/:name`. Names are checked
 * against a pattern (no paths at all), and @fastify/send refuses anything outside its root anyway.
 */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, serve: false });
  const config = { access: { kind: 'public' } } as const;
  const notFound = (name: string) => new HttpProblem('NOT_FOUND', `there is no asset ${name}`);
  for (const folder of ['js', 'css'] as const)
    app.get<{ Params: { name: string } }>(`/assets/${folder}/:name`, { config }, (request, reply) => {
      const { name } = request.params;
      if (!ASSET_NAME.test(name) || !name.endsWith(`.${folder}`)) throw notFound(name);
      return reply.sendFile(`${folder}/${name}`, PUBLIC_DIR);
    });
  app.get<{ Params: { name: string } }>('/assets/vendor/:name', { config }, (request, reply) => {
    const { name } = request.params;
    if (!VENDOR_FILES.has(name)) throw notFound(name);
    return reply.sendFile(name, UPLOT_DIR);
  });
}
