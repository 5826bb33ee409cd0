import type { FastifyInstance } from 'fastify';
import { experimentItemRoutes } from './item.ts';
import { experimentListRoutes } from './list.ts';
import { experimentSharingRoutes } from './sharing.ts';

/** The experiments API (issue #5): list/search, create, read, change, delete, status, sharing. */
export function experimentRoutes(app: FastifyInstance): Promise<void> {
  experimentListRoutes(app);
  experimentItemRoutes(app);
  experimentSharingRoutes(app);
  return Promise.resolve();
}
