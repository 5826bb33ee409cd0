import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { assetRoutes } from './assets/asset-routes.ts';
import { installPageCompression } from './assets/compression.ts';
import { installFormCsrf } from './forms/form-csrf.ts';
import { installLenientPageQuery } from './page-query.ts';
import { pageErrorHandler } from './page-errors.tsx';
import { accountPages } from './routes/account-pages.tsx';
import { experimentListPage } from './routes/experiment-list-page.tsx';
import { experimentPages } from './routes/experiment-pages.tsx';
import { cellPages } from './routes/cell-pages.tsx';
import { columnMappingPages } from './routes/column-mapping-pages.tsx';
import { experimentDataPages } from './routes/experiment-data-pages.tsx';
import { publicationActions } from './routes/publication-actions.tsx';
import { sharePages } from './routes/share-pages.tsx';
import { publicationPages } from './routes/publication-pages.tsx';
import { comparePage } from './routes/compare-page.tsx';
import { apiDocsPage } from './routes/api-docs-page.tsx';
import { signInPages } from './routes/sign-in-pages.tsx';
import { oidcRoutes } from './routes/oidc-routes.tsx';
import { adminPages } from './admin/admin-pages.ts';
import { datasetPages } from './routes/dataset-pages.tsx';
import { datasetActions } from './routes/dataset-actions.tsx';

/** Form bodies are small: a description is the largest field. */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * The HTML pages (SPEC §8): a second edge beside the JSON API, calling the same domain
 * functions. An encapsulated plugin, so that only here are URL-encoded form bodies parsed,
 * form CSRF tokens checked and errors rendered as pages; the API keeps its JSON-only parser
 * and problem+json errors. Every route declares `config.access` like the API's.
 */
export async function webPages(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  installFormCsrf(app);
  installLenientPageQuery(app);
  installPageCompression(app);
  // Pages are not part of the API's description (/api/openapi.json).
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.setErrorHandler(pageErrorHandler);
  await app.register(assetRoutes);
  app.get('/', { config: { access: { kind: 'public' } } }, (_request, reply) =>
    reply.redirect('/experiments', 303),
  );
  signInPages(app);
  oidcRoutes(app);
  accountPages(app);
  experimentListPage(app);
  experimentPages(app);
  experimentDataPages(app);
  columnMappingPages(app);
  cellPages(app);
  publicationActions(app);
  sharePages(app);
  publicationPages(app);
  comparePage(app);
  apiDocsPage(app);
  datasetPages(app);
  datasetActions(app);
  adminPages(app);
}
