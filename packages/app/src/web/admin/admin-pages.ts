import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './routes/audit-routes.tsx';
import { groupRoutes } from './routes/group-routes.tsx';
import { homeRoutes } from './routes/home-routes.tsx';
import { objectPermissionRoutes } from './routes/object-permission-routes.tsx';
import { userAccessRoutes } from './routes/user-access-routes.tsx';
import { userListRoutes } from './routes/user-list-routes.tsx';
import { userRoutes } from './routes/user-routes.tsx';

/**
 * The admin site under `/admin` (SPEC §8; issue 11): staff only, each page behind the model
 * permission of its API route, every form calling the admin API's own operations. Registered
 * inside the page plugin (forms, CSRF, error pages).
 */
export function adminPages(app: FastifyInstance): void {
  homeRoutes(app);
  userListRoutes(app);
  userRoutes(app);
  userAccessRoutes(app);
  groupRoutes(app);
  objectPermissionRoutes(app);
  auditRoutes(app);
}
