import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../../server/http/problem.ts';
import { assets } from './asset-manifest.ts';
import { compressedOnce, negotiate } from './compression.ts';

/** A hashed URL never changes its bytes: cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `GET /assets/{js,css,vendor}/:name`: the client scripts, stylesheets and uPlot, from memory
 * (`asset-manifest.ts`), gzip or brotli when the browser takes it (compressed once per file).
 * Pages link the content-hashed names, cached for good; the plain names still answer (an old
 * page, a script's import) and are revalidated every time. Only names in the manifest exist —
 * no path is ever built from the request.
 */
export function assetRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const config = { access: { kind: 'public' } } as const;
  for (const folder of ['js', 'css', 'vendor'] as const)
    app.get<{ Params: { name: string } }>(`/assets/${folder}/:name`, { config }, async (request, reply) => {
      const path = `${folder}/${request.params.name}`;
      const asset = assets().get(path);
      if (!asset) throw new HttpProblem('NOT_FOUND', `there is no asset ${request.params.name}`);
      const immutable = asset.hashedPath === path;
      const etag = `"${asset.hashedPath.split('.').at(-2)}"`;
      void reply
        .type(asset.type)
        .header('cache-control', immutable ? IMMUTABLE : 'no-cache')
        .header('etag', etag)
        .header('vary', 'accept-encoding');
      if (!immutable && request.headers['if-none-match'] === etag) return reply.code(304).send();
      const encoding = negotiate(request.headers['accept-encoding']);
      if (encoding === null) return reply.send(asset.body);
      return reply.header('content-encoding', encoding).send(await compressedOnce(asset, encoding));
    });
  done();
}
