import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Connection } from '../db/connect.ts';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from './app-settings.ts';
import { installAuthentication } from './auth/authenticate-request.ts';
import { sessionCookieName } from './auth/session-cookie.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { installJsonParser, installQueryGuard } from './http/json-body.ts';
import { installNotFoundHandler } from './http/not-found.ts';
import { installOpenApi } from './http/openapi.ts';
import { installRouteTable, type RouteEntry } from './http/route-table.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installSlowClientLimits, serverTimeoutOptions } from './http/slow-clients.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { authRoutes } from './routes/auth/index.ts';
import { experimentDataRoutes } from './routes/experiment-data/index.ts';
import { experimentRoutes } from './routes/experiments/index.ts';
import { healthRoutes } from './routes/health.ts';
import { directoryRoutes } from './routes/directory.ts';
import { publicationRoutes } from './routes/publication/index.ts';
import { datasetRoutes } from './routes/datasets/index.ts';
import { sendProblemPage } from '../web/page-errors.tsx';
import { webPages } from '../web/web-pages.ts';
import { installShutdownGate } from './shutdown.ts';

export type { RouteEntry } from './http/route-table.ts';

export interface AppOptions extends Partial<ServerSettings> {
  connection: Connection;
  authz: AppAuthz;
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    batterydb: { connection: Connection; authz: AppAuthz; routes: RouteEntry[]; settings: ServerSettings };
  }
}

/** proxy-addr's trust function for `hops` proxies in front: hop 0 is the socket's peer. */
function trustedHops(setting: boolean | number): false | ((address: string, hop: number) => boolean) {
  const hops = setting === true ? 1 : setting === false ? 0 : setting;
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

/**
 * The app factory, separate from the listener (STYLE.md §10): tests call it and use
 * `app.inject()`; `serve` calls it and listens.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { connection, authz, logger, ...overrides } = options;
  const settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS, ...overrides };
  const app = Fastify({
    logger: logger ?? false,
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For decides `request.ip` only behind proxies we were told about, counted in
    // hops from our side (the entries further left are the client's to invent).
    trustProxy: trustedHops(settings.trustProxy),
    // Unknown fields are an error, not silently dropped (Fastify's default strips them), and
    // nothing is coerced: a string is not a number, an array is not a string.
    ajv: {
      // `verbose` hands the failing schema to the error mapping, which words a pattern's failure
      // from the schema's description instead of quoting a regular expression at the user.
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: false,
        verbose: true,
      },
    },
    // During shutdown our own gate answers, as problem+json with Retry-After (shutdown.ts).
    return503OnClosing: false,
    // Slow clients are cut (SPEC §5): header, request and idle deadlines, keep-alive length.
    ...serverTimeoutOptions(settings.clients),
  });
  const routes: RouteEntry[] = [];
  app.decorate('batterydb', { connection, authz, routes, settings });

  installRouteTable(app, routes);
  installShutdownGate(app);
  installSlowClientLimits(app, settings.clients);
  installErrorHandler(app);
  installNotFoundHandler(app, sendProblemPage);
  installJsonParser(app);
  installQueryGuard(app);
  await app.register(cookie);
  installSecurityHeaders(app, { https: settings.secureCookies });
  await installOpenApi(app, { cookieName: sessionCookieName(settings.secureCookies) });
  installAuthentication(app, settings);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(experimentRoutes);
  await app.register(experimentDataRoutes);
  await app.register(publicationRoutes);
  await app.register(datasetRoutes);
  await app.register(directoryRoutes);
  await app.register(webPages);
  return app;
}
