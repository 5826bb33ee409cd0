import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  challengeCookieName,
  clearChallengeCookie,
  setSessionCookie,
} from '../../server/auth/session-cookie.ts';
import { tooManyAttempts } from '../../server/routes/auth/login.ts';
import { closed } from '../../server/schemas/common.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { safeNext } from '../page-errors.tsx';
import { SignInCodePage } from '../pages/sign-in-code.tsx';
import { sendPage, seeOther } from '../render.ts';

const CodeBody = formBody({ code: FormText(64), next: FormText(2000) });
type CodeBody = { code?: string; next?: string };

/**
 * The code step of a sign-in whose first factor was accepted (issue 27). Public routes: the
 * caller holds only the challenge cookie, which nothing else reads, so this step grants nothing
 * until the kit's `completeSignIn` accepts a code and starts the session.
 */
export function signInCodePages(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  const access = { kind: 'public' } as const;
  const startAgain = (reply: FastifyReply) => {
    clearChallengeCookie(reply, settings.secureCookies);
    setFlash(reply, { kind: 'error', text: 'That sign-in has expired. Sign in again.' });
    return seeOther(reply, '/sign-in');
  };

  app.get<{ Querystring: { next?: string } }>(
    '/sign-in/code',
    {
      config: { access },
      schema: { querystring: closed({ next: Type.Optional(Type.String({ maxLength: 2000 })) }) },
    },
    (request, reply) => {
      if (request.cookies[challengeCookieName(settings.secureCookies)] === undefined)
        return seeOther(reply, '/sign-in');
      return sendPage(
        reply,
        <SignInCodePage ctx={pageContext(request, reply)} next={safeNext(request.query.next)} />,
      );
    },
  );

  app.post<{ Body: CodeBody }>(
    '/sign-in/code',
    { config: { access }, schema: { body: CodeBody } },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      const token = request.cookies[challengeCookieName(settings.secureCookies)];
      if (token === undefined) return startAgain(reply);
      const again = (status: number, error: string) =>
        sendPage(
          reply,
          <SignInCodePage ctx={pageContext(request, reply)} next={next} error={error} />,
          status,
        );
      const code = (request.body.code ?? '').trim();
      if (code === '') return again(400, 'Enter the code from your authenticator app.');
      const result = await authz.completeSignIn(
        {
          challengeToken: token,
          code,
          clientAddress: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
        settings,
      );
      if (!result.ok) {
        if (result.reason === 'expired') return startAgain(reply);
        if (result.reason === 'throttled') {
          const problem = tooManyAttempts(result.retryAfterMs);
          for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
          return again(429, 'Too many wrong codes. Wait a few minutes and try again.');
        }
        return again(
          401,
          'That code is not right, or it was used already. Wait for the next one and try again.',
        );
      }
      // A new session at every sign-in, never one the browser brought (session fixation).
      if (request.credential?.kind === 'session') await authz.endSession(request.credential.token);
      clearChallengeCookie(reply, settings.secureCookies);
      setSessionCookie(reply, settings.secureCookies, result.session.token, result.session.expiresAt);
      if (result.used === 'recovery-code')
        setFlash(reply, {
          kind: 'ok',
          text: 'You signed in with a recovery code, which is now used up. Make new ones on your account page if few are left.',
        });
      return seeOther(reply, next);
    },
  );
}
