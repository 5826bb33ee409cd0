import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signedIn } from '../../auth/request-auth.ts';
import { clearSessionCookie } from '../../auth/session-cookie.ts';
import { HttpProblem } from '../../http/problem.ts';
import { SessionJson } from '../../schemas/account-schemas.ts';
import { IdParams, toId } from '../../schemas/common.ts';

const tags = ['auth'];
const currentSessionId = (request: FastifyRequest) =>
  request.credential?.kind === 'session' ? request.credential.session.sessionId : null;

/**
 * The caller's own sessions (OWASP ASVS 3.3.4): list them, end one, end all the others. Only the
 * caller's own are ever touched; another user's session id is "no such session" (404).
 */
export function ownSessionRoutes(app: FastifyInstance): void {
  const { authz, settings } = app.batterydb;

  app.get(
    '/api/auth/sessions',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'Your live sessions: device (user agent), address, when started and last used',
        tags,
        response: { 200: Type.Array(SessionJson) },
      },
    },
    async (request) => {
      const current = currentSessionId(request);
      const sessions = await authz.listUserSessions(signedIn(request).user.id, settings.session);
      return sessions.map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        clientAddress: s.clientAddress,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        current: s.id === current,
      }));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/auth/sessions/:id',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'End one of your sessions (ending the current one signs you out)',
        tags,
        params: IdParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const sessionId = toId(request.params.id, 'id');
      const ended = await authz.endOwnSessions(signedIn(request).user.id, { sessionId }, request.ip);
      if (ended === 0) throw new HttpProblem('NOT_FOUND', 'you have no such session', { field: 'id' });
      if (sessionId === currentSessionId(request)) clearSessionCookie(reply, settings.secureCookies);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/auth/sessions',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'End all your other sessions (with an API token: all of them)',
        tags,
        response: { 200: Type.Object({ ended: Type.Integer({ minimum: 0 }) }) },
      },
    },
    async (request) => ({
      ended: await authz.endOwnSessions(
        signedIn(request).user.id,
        { except: currentSessionId(request) },
        request.ip,
      ),
    }),
  );
}
