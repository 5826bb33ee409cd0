import type { FastifyInstance } from 'fastify';
import { loginRoute } from './login.ts';
import { ownSessionRoutes } from './own-sessions.ts';
import { passwordRoute } from './password.ts';
import { sessionRoutes } from './session.ts';
import { tokenRoutes } from './tokens.ts';

/** Sign-in, sessions, password change and API tokens under `/api/auth`. */
export function authRoutes(app: FastifyInstance): Promise<void> {
  loginRoute(app);
  sessionRoutes(app);
  ownSessionRoutes(app);
  passwordRoute(app);
  tokenRoutes(app);
  return Promise.resolve();
}
