import type { FactorCheckResult } from '@batterydb/authz';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedIn } from '../../server/auth/request-auth.ts';
import { ENROLMENT_PAGE, mustEnrolFirst } from '../../server/auth/second-factor-gate.ts';
import { assertPasswordBytes, tooManyAttempts } from '../../server/routes/auth/login.ts';
import { formBody, FormText, given } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { TwoFactorPage, type TwoFactorPageProps } from '../pages/two-factor.tsx';
import { sendPage, seeOther } from '../render.ts';

const CodeBody = formBody({ code: FormText(64) });
type CodeBody = { code?: string };
const RemoveBody = formBody({ code: FormText(64), password: FormText(1024) });
type RemoveBody = { code?: string; password?: string };

/** The label authenticator apps show for the entry. */
const ISSUER = 'BatteryDB';

/**
 * The account's second factor (issue 27). Every route is reachable by a staff session held for
 * enrolment (`enrolment: true`): that is what such a session is for. Wrong codes are answered
 * on the page with the field named; the kit throttles them like passwords.
 */
export function twoFactorPages(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  const config = { access: { kind: 'signed-in' }, enrolment: true } as const;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Pick<TwoFactorPageProps, 'recoveryCodes' | 'form'> = {},
    status = 200,
  ) => {
    const user = signedIn(request).user;
    const label = { issuer: ISSUER, account: user.username };
    const [factor, enrolment] = await Promise.all([
      authz.secondFactorStatus(user.id),
      authz.pendingEnrolment(user.id, label),
    ]);
    return sendPage(
      reply,
      <TwoFactorPage
        ctx={pageContext(request, reply)}
        status={factor}
        enrolment={enrolment}
        required={mustEnrolFirst(request, settings)}
        {...extra}
      />,
      status,
    );
  };

  /** A refused code (or password) shown beside its field; throttling keeps its Retry-After. */
  const refused = (
    request: FastifyRequest,
    reply: FastifyReply,
    name: 'confirm' | 'regenerate' | 'remove',
    result: Exclude<FactorCheckResult<unknown, string>, { ok: true }>,
    field: string,
  ) => {
    if (result.reason === 'throttled') {
      for (const [header, value] of Object.entries(tooManyAttempts(result.retryAfterMs).headers))
        void reply.header(header, value);
      const message = 'Too many wrong attempts. Wait a few minutes and try again.';
      return show(request, reply, { form: { name, message, errors: { [field]: message } } }, 429);
    }
    const message =
      field === 'password'
        ? 'The password is incorrect.'
        : 'That code is not right, or it was used already. Wait for the next one and try again.';
    return show(request, reply, { form: { name, message, errors: { [field]: message } } }, 400);
  };

  const blank = (
    request: FastifyRequest,
    reply: FastifyReply,
    name: 'confirm' | 'regenerate' | 'remove',
    field: string,
    message: string,
  ) => show(request, reply, { form: { name, message, errors: { [field]: message } } }, 400);

  app.get(ENROLMENT_PAGE, { config }, (request, reply) => show(request, reply));

  app.post(
    '/account/two-factor/begin',
    { config, schema: { body: formBody({}) } },
    async (request, reply) => {
      const user = signedIn(request).user;
      await authz.beginEnrolment(user.id, { issuer: ISSUER, account: user.username });
      return seeOther(reply, ENROLMENT_PAGE);
    },
  );

  app.post<{ Body: CodeBody }>(
    '/account/two-factor/confirm',
    { config, schema: { body: CodeBody } },
    async (request, reply) => {
      const code = given(request.body.code);
      if (code === undefined)
        return blank(request, reply, 'confirm', 'code', 'Enter the code your app shows.');
      const result = await authz.confirmEnrolment(
        {
          userId: signedIn(request).user.id,
          code,
          clientAddress: request.ip,
          sessionId: request.credential?.kind === 'session' ? request.credential.session.sessionId : null,
        },
        settings.throttle,
      );
      if (!result.ok) return refused(request, reply, 'confirm', result, 'code');
      // Shown in this answer only (not redirected): the codes are stored hashed and never shown again.
      return show(request, reply, { recoveryCodes: result.value }, 201);
    },
  );

  app.post<{ Body: CodeBody }>(
    '/account/two-factor/recovery-codes',
    { config, schema: { body: CodeBody } },
    async (request, reply) => {
      const code = given(request.body.code);
      if (code === undefined)
        return blank(request, reply, 'regenerate', 'code', 'Enter a current code from your app.');
      const result = await authz.regenerateRecoveryCodes(
        { userId: signedIn(request).user.id, code, clientAddress: request.ip },
        settings.throttle,
      );
      if (!result.ok) return refused(request, reply, 'regenerate', result, 'code');
      return show(request, reply, { recoveryCodes: result.value }, 201);
    },
  );

  app.post<{ Body: RemoveBody }>(
    '/account/two-factor/remove',
    { config, schema: { body: RemoveBody } },
    async (request, reply) => {
      const password = request.body.password ?? '';
      const code = given(request.body.code);
      if (password === '' && code === undefined)
        return blank(request, reply, 'remove', 'password', 'Enter your password or a current code.');
      if (password !== '') assertPasswordBytes(password, 'password');
      const result = await authz.removeOwnSecondFactor(
        {
          userId: signedIn(request).user.id,
          proof: password !== '' ? { password } : { code: code! },
          clientAddress: request.ip,
        },
        settings.throttle,
      );
      if (!result.ok) return refused(request, reply, 'remove', result, password !== '' ? 'password' : 'code');
      setFlash(reply, { kind: 'ok', text: 'Two-factor sign-in is off.' });
      return seeOther(reply, ENROLMENT_PAGE);
    },
  );
}
