import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every response (helmet). The Content-Security-Policy is strict — our
 * own scripts, styles and images only, no inline code, no framing — so the HTML pages of later
 * issues must follow it rather than loosen it. HSTS only when served over HTTPS.
 */
function helmetOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The headers helmet sets with these options, worked out once: none of them depends on the
 * request (no nonces, no directive functions), and @fastify/helmet re-derived every one of them
 * — parsing the CSP directives included — on every request (≈ 2–3 % of a JSON list request's
 * CPU, issue 25). helmet itself writes them; this only records what it wrote.
 */
export function securityHeaders(options: { https: boolean }): ReadonlyArray<readonly [string, string]> {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let outcome = 'pending' as 'pending' | 'done' | 'failed';
  helmet(helmetOptions(options.https))(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => void (outcome = error ? 'failed' : 'done'),
  );
  if (outcome !== 'done') throw new Error(`helmet did not set its headers synchronously (${outcome})`);
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers = securityHeaders(options);
  // On the raw response, where helmet put them: they survive whatever the reply does later.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  // API answers are per user: never cached by a browser or a shared proxy.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
