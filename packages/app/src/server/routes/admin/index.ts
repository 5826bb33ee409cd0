import type { FastifyInstance } from 'fastify';
import { catalogueRoutes } from './catalogue.ts';
import { groupMemberRoutes } from './group-members.ts';
import { groupRoutes } from './groups.ts';
import { userAuthorizationRoutes } from './user-authorization.ts';
import { userRoutes } from './users.ts';

/** The admin JSON API under `/api/admin`: staff only, plus each action's model permission. */
export function adminRoutes(app: FastifyInstance): Promise<void> {
  userRoutes(app);
  userAuthorizationRoutes(app);
  groupRoutes(app);
  groupMemberRoutes(app);
  catalogueRoutes(app);
  return Promise.resolve();
}
