import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../auth/request-auth.ts';
import { clearSessionCookie } from '../../auth/session-cookie.ts';
import { userJson } from '../../presenters/json.ts';
import { MeJson } from '../../schemas/account-schemas.ts';

/** `POST /api/auth/logout` (ends this session; idempotent) and `GET /api/auth/me`. */
export function sessionRoutes(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  app.post(
    '/api/auth/logout',
    {
      config: { access: { kind: 'public' } },
      schema: { summary: 'Sign out: ends this session', tags: ['auth'], response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      if (request.credential?.kind === 'session') await authz.endSession(request.credential.token);
      clearSessionCookie(reply, settings.secureCookies);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'The signed-in user, their groups, every permission they hold, and the CSRF token',
        tags: ['auth'],
        response: { 200: MeJson },
      },
    },
    async (request) => {
      const subject = signedIn(request);
      const permissions = [...(await authz.getAllPerms(subject))].sort();
      return {
        user: userJson(subject.user),
        groups: [...subject.groups].sort((a, b) => a.name.localeCompare(b.name)),
        permissions,
        csrfToken: request.credential?.kind === 'session' ? request.credential.session.csrfToken : null,
      };
    },
  );
}
