import type { FastifyInstance } from 'fastify';
import { type Access, describeAccess } from '../access.ts';

/** One registered route, as the route-table walk test sees it. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
  /** Reachable by a staff session held for second-factor enrolment (issue 27). */
  enrolment: boolean;
}

/** JSON bodies of the API are small; uploads declare their own limit. */
export const API_BODY_LIMIT = 64 * 1024;

/**
 * Every route passes here when registered. Deny by default: a route that does not say who may
 * call it is a programming error, caught before the server ever listens. The access is also
 * written into the route's OpenAPI entry, so the published description says who may call what.
 */
export function installRouteTable(app: FastifyInstance, routes: RouteEntry[]): void {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    for (const method of [route.method].flat())
      routes.push({ method, url: route.url, access, enrolment: route.config?.enrolment === true });
    if (!access)
      throw new Error(
        `route ${[route.method].flat().join(',')} ${route.url} declares no access (config.access)`,
      );
    if (route.url.startsWith('/api/')) route.bodyLimit ??= API_BODY_LIMIT;
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const needs = describeAccess(access);
    route.schema = {
      ...schema,
      description: [schema.description, `Access: \`${needs}\`.`].filter(Boolean).join('\n\n'),
      security:
        access.kind === 'public' || access.kind === 'dataset'
          ? []
          : [{ sessionCookie: [] }, { bearerToken: [] }],
    };
    app.log.debug({ route: route.url, access: needs }, 'route');
  });
}
