import type { VerifiedIdentity } from '@batterydb/authz';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { externalOptions, type OidcConfig } from '../../config/oidc-config.ts';
import { afterFirstFactor } from '../../server/auth/after-first-factor.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import { type AuthorizeState, startAuthorization } from '../../server/oidc/oidc-client.ts';
import { verifyCallback } from '../../server/oidc/verify-callback.ts';
import { assertPasswordBytes, tooManyAttempts } from '../../server/routes/auth/login.ts';
import { closed } from '../../server/schemas/common.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { pageContext } from '../page-context.ts';
import { safeNext } from '../page-errors.tsx';
import { OidcLinkPage, OidcRefusedPage, REFUSAL_WORDS } from '../pages/oidc-sign-in.tsx';
import { sendPage, seeOther } from '../render.ts';

/** A sign-in in progress lives this long: time to sign in at the provider, or to type a password. */
const PENDING_MS = 10 * 60_000;

interface LinkState {
  readonly userId: number;
  readonly username: string;
  readonly identity: VerifiedIdentity;
  readonly next: string;
}

/**
 * The cookie that binds a pending step to this browser: HttpOnly, SameSite=Lax (the provider's
 * redirect back is a top-level GET, which Lax lets through), `__Host-` over HTTPS.
 */
const cookieName = (secure: boolean) => (secure ? '__Host-batterydb_oidc' : 'batterydb_oidc');
const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax' as const, secure, path: '/' });

/**
 * The one place a provider sign-in becomes a session: through the kit's `sessionAfterFirstFactor`,
 * as a password sign-in does, so a user with a second factor gets the code step here too (an
 * identity provider is a first factor like a password, never a way around the code).
 */
export async function completeOidcSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
  next: string,
): Promise<FastifyReply> {
  const { authz, settings } = request.server.batterydb;
  // A new session, never the one the browser brought (session fixation).
  if (request.credential?.kind === 'session') await authz.endSession(request.credential.token);
  const outcome = await authz.sessionAfterFirstFactor(userId, settings.session, {
    address: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
  if (afterFirstFactor(reply, settings.secureCookies, outcome) === 'second-factor')
    return seeOther(reply, `/sign-in/code?next=${encodeURIComponent(next)}`);
  return seeOther(reply, next);
}

/**
 * openid-client wraps oauth4webapi's precise error ('unexpected "state" response parameter
 * value', 'unexpected JWT "nonce" claim value') in a general one; the audit gets the chain.
 */
function whatFailed(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error && parts.length < 4; e = e.cause) {
    const claim = (e.cause as { claim?: unknown } | undefined)?.claim;
    parts.push(typeof claim === 'string' ? `${e.message} (${claim})` : e.message);
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}

/** Institutional sign-in pages (issue 27): start, the provider's callback, linking by password. */
export function oidcRoutes(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;
  const access = { kind: 'public' } as const;
  const secure = settings.secureCookies;

  /** Off unless configured: the routes answer as if they did not exist. */
  const configured = (): OidcConfig => {
    if (!settings.oidc) throw new HttpProblem('NOT_FOUND', 'no such page');
    return settings.oidc;
  };
  const refuse = async (request: FastifyRequest, reply: FastifyReply, config: OidcConfig, detail: string) => {
    await authz.recordAudit({
      actorId: null,
      action: 'auth.external_refused',
      target: { type: 'auth.user', id: null },
      before: null,
      after: { reason: 'flow', detail: detail.slice(0, 300) },
      clientAddress: request.ip,
    });
    return sendPage(
      reply,
      <OidcRefusedPage ctx={pageContext(request, reply)} label={config.label} words={REFUSAL_WORDS.flow} />,
      400,
    );
  };
  const keep = async (reply: FastifyReply, kind: 'authorize' | 'link', data: AuthorizeState | LinkState) => {
    const token = await authz.external.savePending(kind, data, PENDING_MS);
    void reply.setCookie(cookieName(secure), token, { ...cookieOptions(secure), maxAge: PENDING_MS / 1000 });
  };
  const take = async (request: FastifyRequest, reply: FastifyReply, kind: 'authorize' | 'link') => {
    void reply.clearCookie(cookieName(secure), cookieOptions(secure));
    return authz.external.takePending(kind, request.cookies[cookieName(secure)]);
  };

  app.get<{ Querystring: { next?: string } }>(
    '/sign-in/oidc',
    {
      config: { access },
      schema: { querystring: closed({ next: Type.Optional(Type.String({ maxLength: 2000 })) }) },
    },
    async (request, reply) => {
      const config = configured();
      const { url, pending } = await startAuthorization(config, safeNext(request.query.next));
      await keep(reply, 'authorize', pending);
      return seeOther(reply, url.href);
    },
  );

  // The provider's answer: any query (code, state, iss, or error); openid-client judges it.
  app.get('/sign-in/oidc/callback', { config: { access } }, async (request, reply) => {
    const config = configured();
    const pending = (await take(request, reply, 'authorize')) as AuthorizeState | null;
    if (!pending)
      return refuse(request, reply, config, 'no pending sign-in for this browser (expired or used)');
    let identity: VerifiedIdentity;
    try {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      identity = await verifyCallback(config, query, pending);
    } catch (error) {
      return refuse(request, reply, config, whatFailed(error));
    }
    const result = await authz.external.resolveSignIn(identity, externalOptions(config), request.ip);
    if (result.kind === 'signed-in') return completeOidcSignIn(request, reply, result.user.id, pending.next);
    if (result.kind === 'refused')
      return sendPage(
        reply,
        <OidcRefusedPage
          ctx={pageContext(request, reply)}
          label={config.label}
          words={REFUSAL_WORDS[result.reason]}
        />,
        403,
      );
    await keep(reply, 'link', {
      userId: result.userId,
      username: result.username,
      identity,
      next: pending.next,
    });
    return sendPage(
      reply,
      <OidcLinkPage ctx={pageContext(request, reply)} label={config.label} username={result.username} />,
    );
  });

  app.post<{ Body: { password?: string } }>(
    '/sign-in/oidc/link',
    { config: { access }, schema: { body: formBody({ password: FormText(1024) }) } },
    async (request, reply) => {
      const config = configured();
      const password = request.body.password ?? '';
      assertPasswordBytes(password, 'password');
      const pending = (await take(request, reply, 'link')) as LinkState | null;
      if (!pending)
        return refuse(request, reply, config, 'no pending link for this browser (expired or used)');
      const result = await authz.external.link(
        { userId: pending.userId, identity: pending.identity, password, clientAddress: request.ip },
        settings.throttle,
        externalOptions(config),
      );
      if (result.ok) return completeOidcSignIn(request, reply, result.user.id, pending.next);
      // Another try, with a fresh one-time cookie; the throttle counts every wrong password.
      await keep(reply, 'link', pending);
      const again = (status: number, error: string) =>
        sendPage(
          reply,
          <OidcLinkPage
            ctx={pageContext(request, reply)}
            label={config.label}
            username={pending.username}
            error={error}
          />,
          status,
        );
      if (result.reason === 'throttled') {
        for (const [name, value] of Object.entries(tooManyAttempts(result.retryAfterMs).headers))
          void reply.header(name, value);
        return again(429, 'Too many failed attempts. Wait a few minutes and try again.');
      }
      return again(401, 'The password is incorrect.');
    },
  );
}
