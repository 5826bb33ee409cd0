import type { FastifyInstance } from 'fastify';
import { pageContext } from '../page-context.ts';
import { ApiDocsPage, type OpenApiDocument } from '../pages/api-docs.tsx';
import { sendPage } from '../render.ts';

/** `GET /api-docs`: the API reference for people, from the OpenAPI document the server generates. */
export function apiDocsPage(app: FastifyInstance): void {
  app.get('/api-docs', { config: { access: { kind: 'public' } } }, (request, reply) =>
    sendPage(
      reply,
      <ApiDocsPage ctx={pageContext(request, reply)} doc={app.swagger() as unknown as OpenApiDocument} />,
    ),
  );
}
