import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { afterFirstFactor } from '../../server/auth/after-first-factor.ts';
import { clearSessionCookie, setSessionCookie } from '../../server/auth/session-cookie.ts';
import { assertPasswordBytes, tooManyAttempts } from '../../server/routes/auth/login.ts';
import { closed } from '../../server/schemas/common.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { safeNext } from '../page-errors.tsx';
import { SignInPage } from '../pages/sign-in.tsx';
import { sendPage, seeOther } from '../render.ts';
import { signInCodePages } from './sign-in-code-pages.tsx';

const SignInBody = formBody({ username: FormText(150), password: FormText(1024), next: FormText(2000) });
type SignInBody = { username?: string; password?: string; next?: string };

/** Sign-in and sign-out pages: the kit's `signIn` and `endSession`, as `POST /api/auth/login` uses them. */
export function signInPages(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  const access = { kind: 'public' } as const;

  app.get<{ Querystring: { next?: string } }>(
    '/sign-in',
    {
      config: { access },
      schema: { querystring: closed({ next: Type.Optional(Type.String({ maxLength: 2000 })) }) },
    },
    (request, reply) => {
      const next = safeNext(request.query.next);
      if (request.subject) return seeOther(reply, next);
      return sendPage(
        reply,
        <SignInPage ctx={pageContext(request, reply)} next={next} oidcLabel={settings.oidc?.label} />,
      );
    },
  );

  app.post<{ Body: SignInBody }>(
    '/sign-in',
    { config: { access }, schema: { body: SignInBody } },
    async (request, reply) => {
      const { username = '', password = '' } = request.body;
      const next = safeNext(request.body.next);
      const again = (status: number, error: string) =>
        sendPage(
          reply,
          <SignInPage
            ctx={pageContext(request, reply)}
            next={next}
            username={username}
            error={error}
            oidcLabel={settings.oidc?.label}
          />,
          status,
        );
      if (username.trim() === '' || password === '') return again(400, 'Enter your username and password.');
      assertPasswordBytes(password, 'password');
      // A new session at every sign-in, never the one the browser brought (session fixation).
      if (request.credential?.kind === 'session') await authz.endSession(request.credential.token);
      const result = await authz.signIn(
        { username, password, clientAddress: request.ip, userAgent: request.headers['user-agent'] ?? null },
        settings,
      );
      if (!result.ok && result.reason === 'second-factor') {
        // The password was right; the session waits for the code (issue 27).
        afterFirstFactor(reply, settings.secureCookies, {
          kind: 'second-factor',
          challenge: result.challenge,
        });
        return seeOther(reply, `/sign-in/code?next=${encodeURIComponent(next)}`);
      }
      if (!result.ok) {
        if (request.credential?.kind === 'session') clearSessionCookie(reply, settings.secureCookies);
        if (result.reason === 'throttled') {
          const problem = tooManyAttempts(result.retryAfterMs);
          for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
          return again(429, 'Too many failed attempts. Wait a few minutes and try again.');
        }
        // The same words whatever was wrong (unknown user, wrong password, inactive), as the API.
        return again(401, 'The username or password is incorrect.');
      }
      setSessionCookie(reply, settings.secureCookies, result.session.token, result.session.expiresAt);
      return seeOther(reply, next);
    },
  );

  signInCodePages(app);

  app.post(
    '/sign-out',
    { config: { access, enrolment: true }, schema: { body: formBody({}) } },
    async (request, reply) => {
      if (request.credential?.kind === 'session') await authz.endSession(request.credential.token);
      clearSessionCookie(reply, settings.secureCookies);
      setFlash(reply, { kind: 'ok', text: 'You are signed out.' });
      return seeOther(reply, '/sign-in');
    },
  );
}
