import Fastify, { type FastifyInstance } from 'fastify';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Connection } from '../db/connect.ts';
import { type Access, describeAccess } from './access.ts';
import { healthRoutes } from './routes/health.ts';

/** One registered route, as the route-table walk test sees it. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
}

export interface AppOptions {
  connection: Connection;
  authz: AppAuthz;
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    batterydb: { connection: Connection; authz: AppAuthz; routes: RouteEntry[] };
  }
}

/**
 * The app factory, separate from the listener (STYLE.md §10): tests call it and use
 * `app.inject()`; `serve` calls it and listens.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  const routes: RouteEntry[] = [];
  app.decorate('batterydb', { connection: options.connection, authz: options.authz, routes });

  // Deny by default: a route that does not say who may call it is a programming error,
  // caught when the route is registered — before the server ever listens.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
    if (!access)
      throw new Error(
        `route ${[route.method].flat().join(',')} ${route.url} declares no access (config.access)`,
      );
    app.log.debug({ route: route.url, access: describeAccess(access) }, 'route');
  });

  await app.register(healthRoutes);
  return app;
}
