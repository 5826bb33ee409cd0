import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * A body the route reads itself (multipart uploads) is described by `x-multipart-body`: given
 * to the document as the request body, but never to Ajv, which would otherwise validate the
 * unparsed multipart body against it.
 */
function documentMultipartBodies({ schema, url }: { schema: unknown; url: string }) {
  const own = (schema ?? {}) as Record<string, unknown>;
  const body = own['x-multipart-body'];
  if (body === undefined) return { schema: own, url };
  const { ['x-multipart-body']: _documented, ...rest } = own;
  return { schema: { ...rest, body }, url };
}

/**
 * `/api/openapi.json`, generated from the routes' own schemas (one schema for validation,
 * types and documentation), so it cannot drift from what the server accepts.
 */
export async function installOpenApi(app: FastifyInstance, options: { cookieName: string }): Promise<void> {
  await app.register(swagger, {
    transform: documentMultipartBodies,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'BatteryDB API',
        version: '0.1.0',
        description:
          'Errors are `application/problem+json` (RFC 9457) with a stable `code` and the `field` at fault ' +
          '(and `errors`, a list of `{field, message}`, when several fields are invalid at once). ' +
          'Cookie-authenticated unsafe requests need the `x-csrf-token` header (from `GET /api/auth/me`).',
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: options.cookieName },
          bearerToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  app.get(
    '/api/openapi.json',
    { config: { access: { kind: 'public' } }, schema: { summary: 'This description', tags: ['meta'] } },
    () => app.swagger(),
  );
}
