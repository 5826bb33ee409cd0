import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Asset } from './asset-manifest.ts';

export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to answer with, from `Accept-Encoding`: brotli before gzip (smaller), neither
 * when refused with `q=0` or not offered. `identity` is always acceptable, so null is fine.
 */
export function negotiate(header: string | undefined): Encoding | null {
  const offered = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    offered.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (name: Encoding) => (offered.get(name) ?? (offered.has('*') ? offered.get('*')! : 0)) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/** Compresses with `quality`: 11 (best) for assets compressed once, 5 for pages made per request. */
function compress(body: Buffer, encoding: Encoding, quality: number): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : gzipAsync(body, { level: quality >= 9 ? 9 : 6 });
}

const cache = new WeakMap<Asset, Map<Encoding, Promise<Buffer>>>();

/** An asset's compressed bytes, made on the first request for that encoding and kept. */
export function compressedOnce(asset: Asset, encoding: Encoding): Promise<Buffer> {
  let byEncoding = cache.get(asset);
  if (!byEncoding) {
    byEncoding = new Map<Encoding, Promise<Buffer>>();
    cache.set(asset, byEncoding);
  }
  let done = byEncoding.get(encoding);
  if (!done) byEncoding.set(encoding, (done = compress(asset.body, encoding, 11)));
  return done;
}

/** Below this a page is sent as it is: compressing would save less than it costs. */
const MIN_BYTES = 1024;

/**
 * Pages (HTML made per request) are sent gzip- or brotli-compressed when the browser takes it:
 * an experiment page of 60 kB travels as about 8 kB. Only text/html strings of this plugin's
 * routes; the JSON API and streams (exports, file downloads) are left as they are.
 */
export function installPageCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < MIN_BYTES) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    if (reply.getHeader('content-encoding') !== undefined) return payload;
    void reply.header('vary', 'accept-encoding');
    const encoding = negotiate(request.headers['accept-encoding']);
    if (encoding === null) return payload;
    void reply.header('content-encoding', encoding).removeHeader('content-length');
    return compress(Buffer.from(payload, 'utf8'), encoding, 5);
  });
}
