import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../auth/request-auth.ts';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie.ts';
import { HttpProblem } from '../../http/problem.ts';
import { PasswordChangeBody } from '../../schemas/account-schemas.ts';
import { assertPasswordBytes, tooManyAttempts } from './login.ts';
import { Type } from '@sinclair/typebox';

/**
 * `POST /api/auth/password`: change one's own password with the current one. Every session of
 * the user ends; a browser gets a fresh session (new cookie and CSRF token) in the answer.
 */
export function passwordRoute(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  app.post<{ Body: PasswordChangeBody }>(
    '/api/auth/password',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'Change your password; ends every session, this one is renewed',
        tags: ['auth'],
        body: PasswordChangeBody,
        response: { 200: Type.Object({ csrfToken: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request, reply) => {
      const subject = signedIn(request);
      const { currentPassword, newPassword } = request.body;
      assertPasswordBytes(currentPassword, 'currentPassword');
      assertPasswordBytes(newPassword, 'newPassword');
      const browser = request.credential?.kind === 'session';
      const result = await authz.changePassword(
        {
          userId: subject.user.id,
          currentPassword,
          newPassword,
          clientAddress: request.ip,
          newSession: browser,
        },
        settings,
      );
      if (!result.ok) {
        if (result.reason === 'throttled') throw tooManyAttempts(result.retryAfterMs);
        throw new HttpProblem('INVALID_INPUT', 'the current password is incorrect', {
          field: 'currentPassword',
        });
      }
      if (result.session) {
        setSessionCookie(reply, settings.secureCookies, result.session.token, result.session.expiresAt);
        return { csrfToken: result.session.csrfToken };
      }
      if (browser) clearSessionCookie(reply, settings.secureCookies);
      return { csrfToken: null };
    },
  );
}
