import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedIn } from '../../server/auth/request-auth.ts';
import { clearSessionCookie, setSessionCookie } from '../../server/auth/session-cookie.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import { assertPasswordBytes, tooManyAttempts } from '../../server/routes/auth/login.ts';
import { IdParams, toId } from '../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../forms/form-errors.ts';
import { scopeFromForm } from '../forms/token-scope-form.ts';
import { formBody, FormText, given } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { AccountPage, type AccountPageProps } from '../pages/account.tsx';
import { sendPage, seeOther } from '../render.ts';
import { twoFactorPages } from './two-factor-pages.tsx';

const PasswordBody = formBody({
  currentPassword: FormText(1024),
  newPassword: FormText(1024),
  keepApiTokens: FormText(10),
});
type PasswordBody = { currentPassword?: string; newPassword?: string; keepApiTokens?: string };
const TokenBody = formBody({
  name: FormText(200),
  expiresAt: FormText(40),
  permissions: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 100 }),
      Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 }),
    ]),
  ),
  experiments: FormText(2000),
});
type TokenBody = { name?: string; expiresAt?: string; permissions?: string | string[]; experiments?: string };

/** A date field (YYYY-MM-DD) as the end of that day, UTC; blank is none. */
export function endOfDay(value: string | undefined, field: string): Date | null {
  const text = given(value);
  if (text === undefined) return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T23:59:59.999Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new FormInputError(field, `${field} must be a date (YYYY-MM-DD)`);
  return date;
}

/** Your account: password change and API tokens (the kit's functions, as `/api/auth/*` uses them). */
export function accountPages(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  const config = { access: { kind: 'signed-in' } } as const;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Omit<AccountPageProps, 'ctx' | 'tokens' | 'secondFactor'>> = {},
    status = 200,
  ) => {
    const userId = signedIn(request).user.id;
    const [tokens, sessions, secondFactor] = await Promise.all([
      authz.listApiTokens(userId),
      authz.listUserSessions(userId, settings.session),
      authz.secondFactorStatus(userId),
    ]);
    const current = request.credential?.kind === 'session' ? request.credential.session.sessionId : null;
    return sendPage(
      reply,
      <AccountPage
        ctx={pageContext(request, reply)}
        tokens={tokens}
        secondFactor={secondFactor}
        sessions={sessions.map((s) => ({ ...s, current: s.id === current }))}
        {...extra}
      />,
      status,
    );
  };

  app.get('/account', { config }, (request, reply) => show(request, reply));
  twoFactorPages(app);

  app.post<{ Body: PasswordBody }>(
    '/account/password',
    { config, schema: { body: PasswordBody } },
    async (request, reply) => {
      const subject = signedIn(request);
      const { currentPassword = '', newPassword = '' } = request.body;
      const fields = ['currentPassword', 'newPassword'];
      try {
        assertPasswordBytes(currentPassword, 'currentPassword');
        assertPasswordBytes(newPassword, 'newPassword');
        const result = await authz.changePassword(
          {
            userId: subject.user.id,
            currentPassword,
            newPassword,
            clientAddress: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            newSession: true,
            newSessionMfaAt: request.credential?.kind === 'session' ? request.credential.session.mfaAt : null,
            keepApiTokens: request.body.keepApiTokens === 'yes',
          },
          settings,
        );
        if (!result.ok) {
          if (result.reason === 'throttled') throw tooManyAttempts(result.retryAfterMs);
          throw new HttpProblem('INVALID_INPUT', 'the current password is incorrect', {
            field: 'currentPassword',
          });
        }
        if (result.session)
          setSessionCookie(reply, settings.secureCookies, result.session.token, result.session.expiresAt);
        setFlash(reply, {
          kind: 'ok',
          text: `Your password is changed. Other sessions ended: ${result.endedSessions}; API tokens ended: ${result.endedApiTokens}.`,
        });
        return seeOther(reply, '/account');
      } catch (error) {
        const failure = formFailure(error, fields);
        return show(
          request,
          reply,
          { password: { errors: failure.fields, message: failure.message } },
          failure.status,
        );
      }
    },
  );

  app.post<{ Body: TokenBody }>(
    '/account/tokens',
    { config, schema: { body: TokenBody } },
    async (request, reply) => {
      const subject = signedIn(request);
      const { name = '', expiresAt = '', experiments = '' } = request.body;
      const scopeValues = { permissions: [request.body.permissions ?? []].flat(), experiments };
      try {
        const expires = endOfDay(expiresAt, 'expiresAt');
        if (expires && expires <= authz.now())
          throw new FormInputError('expiresAt', 'expiresAt must be in the future');
        // The Subject, as the API does: the kit refuses a scope carrying more than this user holds.
        const created = await authz.createApiToken(
          subject,
          { name, expiresAt: expires ?? null, scope: scopeFromForm(scopeValues) },
          request.ip,
        );
        // Shown in this answer only (not redirected): the secret is never stored where a reload could find it.
        return await show(
          request,
          reply,
          { newToken: { name: created.apiToken.name, token: created.token } },
          201,
        );
      } catch (error) {
        const failure = formFailure(error, ['name', 'expiresAt', 'permissions', 'experiments']);
        return show(
          request,
          reply,
          {
            tokenForm: { name, expiresAt, ...scopeValues, errors: failure.fields, message: failure.message },
          },
          failure.status,
        );
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/account/sessions/:id/end',
    { config, schema: { params: IdParams, body: formBody({}) } },
    async (request, reply) => {
      const sessionId = toId(request.params.id, 'id');
      const ended = await authz.endOwnSessions(signedIn(request).user.id, { sessionId }, request.ip);
      if (ended === 0) throw new HttpProblem('NOT_FOUND', 'you have no such session', { field: 'id' });
      if (request.credential?.kind === 'session' && request.credential.session.sessionId === sessionId) {
        clearSessionCookie(reply, settings.secureCookies);
        setFlash(reply, { kind: 'ok', text: 'That was this session: you are signed out.' });
        return seeOther(reply, '/sign-in');
      }
      setFlash(reply, { kind: 'ok', text: 'The session is ended.' });
      return seeOther(reply, '/account');
    },
  );

  app.post(
    '/account/sessions/end-others',
    { config, schema: { body: formBody({}) } },
    async (request, reply) => {
      const current = request.credential?.kind === 'session' ? request.credential.session.sessionId : null;
      const ended = await authz.endOwnSessions(signedIn(request).user.id, { except: current }, request.ip);
      setFlash(reply, { kind: 'ok', text: `Other sessions ended: ${ended}.` });
      return seeOther(reply, '/account');
    },
  );

  app.post<{ Params: { id: string } }>(
    '/account/tokens/:id/revoke',
    { config, schema: { params: IdParams, body: formBody({}) } },
    async (request, reply) => {
      const revoked = await authz.revokeApiToken(signedIn(request).user.id, toId(request.params.id, 'id'));
      if (!revoked) throw new HttpProblem('NOT_FOUND', 'you have no such token');
      setFlash(reply, { kind: 'ok', text: 'The token is revoked.' });
      return seeOther(reply, '/account');
    },
  );
}
