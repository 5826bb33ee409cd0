import { MAX_PASSWORD_BYTES } from '@batterydb/authz';
import type { FastifyInstance } from 'fastify';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie.ts';
import { HttpProblem } from '../../http/problem.ts';
import { userJson } from '../../presenters/json.ts';
import { LoginBody, SignedInJson } from '../../schemas/account-schemas.ts';

/** 429 with `Retry-After` in whole seconds (RFC 9110 §10.2.3), rounded up. */
export function tooManyAttempts(retryAfterMs: number): HttpProblem {
  return new HttpProblem('TOO_MANY_ATTEMPTS', 'too many failed attempts; try again later', {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  });
}

export function assertPasswordBytes(value: string, field: string): void {
  if (Buffer.byteLength(value, 'utf8') > MAX_PASSWORD_BYTES)
    throw new HttpProblem('INVALID_INPUT', `${field} must be at most ${MAX_PASSWORD_BYTES} bytes`, { field });
}

/**
 * `POST /api/auth/login`. Unknown user, wrong password and inactive user get the same 401
 * and the same body, after the same single hash computation (the kit's `authenticate`).
 */
export function loginRoute(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  app.post<{ Body: LoginBody }>(
    '/api/auth/login',
    {
      config: { access: { kind: 'public' } },
      schema: {
        summary: 'Sign in: sets the session cookie and returns the CSRF token',
        tags: ['auth'],
        body: LoginBody,
        response: { 200: SignedInJson },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      assertPasswordBytes(password, 'password');
      // A new token at every sign-in, never the one the browser brought (session fixation).
      if (request.credential?.kind === 'session') await authz.endSession(request.credential.token);
      const result = await authz.signIn(
        { username, password, clientAddress: request.ip, userAgent: request.headers['user-agent'] ?? null },
        settings,
      );
      if (!result.ok && result.reason === 'second-factor') {
        // Scripts sign in in one request: the code comes with the password (issue 27).
        if (request.body.code === undefined)
          throw new HttpProblem(
            'UNAUTHENTICATED',
            'this account has two-factor sign-in: send the 6-digit code (or a recovery code) as code',
            { field: 'code' },
          );
        const second = await authz.completeSignIn(
          {
            challengeToken: result.challenge.token,
            code: request.body.code,
            clientAddress: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          },
          settings,
        );
        if (!second.ok) {
          if (second.reason === 'throttled') throw tooManyAttempts(second.retryAfterMs);
          throw new HttpProblem('INVALID_CREDENTIALS', 'the code is incorrect or was used already', {
            field: 'code',
          });
        }
        setSessionCookie(reply, settings.secureCookies, second.session.token, second.session.expiresAt);
        return { user: userJson(second.user), csrfToken: second.session.csrfToken };
      }
      if (!result.ok) {
        if (request.credential?.kind === 'session') clearSessionCookie(reply, settings.secureCookies);
        if (result.reason === 'throttled') throw tooManyAttempts(result.retryAfterMs);
        throw new HttpProblem('INVALID_CREDENTIALS', 'the username or password is incorrect');
      }
      setSessionCookie(reply, settings.secureCookies, result.session.token, result.session.expiresAt);
      return { user: userJson(result.user), csrfToken: result.session.csrfToken };
    },
  );
}
