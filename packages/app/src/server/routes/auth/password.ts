import type { FastifyInstance } from 'fastify';
import { signedIn } from '../../auth/request-auth.ts';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie.ts';
import { HttpProblem } from '../../http/problem.ts';
import { PasswordChangeBody, PasswordChangedJson } from '../../schemas/account-schemas.ts';
import { assertPasswordBytes, tooManyAttempts } from './login.ts';

/**
 * `POST /api/auth/password`: change one's own password with the current one. Every session of
 * the user ends, and every API token unless `keepApiTokens` is true; a browser gets a fresh
 * session (new cookie and CSRF token) in the answer.
 */
export function passwordRoute(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  app.post<{ Body: PasswordChangeBody }>(
    '/api/auth/password',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'Change your password; ends every session (this one is renewed) and your API tokens',
        tags: ['auth'],
        body: PasswordChangeBody,
        response: { 200: PasswordChangedJson },
      },
    },
    async (request, reply) => {
      const subject = signedIn(request);
      const { currentPassword, newPassword, keepApiTokens } = request.body;
      assertPasswordBytes(currentPassword, 'currentPassword');
      const browser = request.credential?.kind === 'session';
      const result = await authz.changePassword(
        {
          userId: subject.user.id,
          currentPassword,
          newPassword,
          clientAddress: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          newSession: browser,
          newSessionMfaAt: request.credential?.kind === 'session' ? request.credential.session.mfaAt : null,
          keepApiTokens: keepApiTokens === true,
        },
        settings,
      );
      if (!result.ok) {
        if (result.reason === 'throttled') throw tooManyAttempts(result.retryAfterMs);
        throw new HttpProblem('INVALID_INPUT', 'the current password is incorrect', {
          field: 'currentPassword',
        });
      }
      const ended = { endedSessions: result.endedSessions, endedApiTokens: result.endedApiTokens };
      if (result.session) {
        setSessionCookie(reply, settings.secureCookies, result.session.token, result.session.expiresAt);
        return { csrfToken: result.session.csrfToken, ...ended };
      }
      if (browser) clearSessionCookie(reply, settings.secureCookies);
      return { csrfToken: null, ...ended };
    },
  );
}
