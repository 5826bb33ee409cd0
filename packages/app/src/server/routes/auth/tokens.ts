import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { signedIn } from '../../auth/request-auth.ts';
import { HttpProblem } from '../../http/problem.ts';
import { tokenJson } from '../../presenters/json.ts';
import { NewTokenJson, TokenCreateBody, TokenJson } from '../../schemas/account-schemas.ts';
import { IdParams, toId } from '../../schemas/common.ts';

/**
 * Personal API tokens. A token made by a request that itself came with a token cannot outlive
 * that token: otherwise a leaked, expiring token could mint itself a permanent successor.
 */
/** A scoped token sees and revokes itself only: its user's other tokens are outside any scope. */
function scopedTokenId(request: FastifyRequest): number | null {
  const credential = request.credential;
  return credential?.kind === 'token' && credential.token.scope !== null ? credential.token.tokenId : null;
}

export function tokenRoutes(app: FastifyInstance): void {
  const { authz } = app.batterydb;
  app.post<{ Body: TokenCreateBody }>(
    '/api/auth/tokens',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'Create an API token; the secret is shown in this answer only',
        tags: ['auth'],
        body: TokenCreateBody,
        response: { 201: NewTokenJson },
      },
    },
    async (request, reply) => {
      const subject = signedIn(request);
      let expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
      const parent = request.credential?.kind === 'token' ? request.credential.token.expiresAt : null;
      if (parent !== null) {
        if (expiresAt !== null && expiresAt.getTime() > parent.getTime())
          throw new HttpProblem('INVALID_INPUT', 'a token cannot outlive the token that creates it', {
            field: 'expiresAt',
          });
        expiresAt ??= parent;
      }
      // The request's Subject, not its id: a scoped token can only make tokens within its scope.
      const { token, apiToken } = await authz.createApiToken(
        subject,
        { name: request.body.name, expiresAt, scope: request.body.scope ?? null },
        request.ip,
      );
      return reply.code(201).send({ ...tokenJson(apiToken), token });
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'Your API tokens (without secrets)',
        tags: ['auth'],
        response: { 200: Type.Array(TokenJson) },
      },
    },
    async (request) => {
      const only = scopedTokenId(request);
      const tokens = await authz.listApiTokens(signedIn(request).user.id);
      return tokens.filter((t) => only === null || t.id === only).map(tokenJson);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/auth/tokens/:id',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary: 'Revoke one of your API tokens',
        tags: ['auth'],
        params: IdParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const only = scopedTokenId(request);
      const revoked =
        (only === null || only === id) &&
        (await authz.revokeApiToken(signedIn(request).user.id, id, request.ip));
      if (!revoked) throw new HttpProblem('NOT_FOUND', 'you have no such token');
      return reply.code(204).send();
    },
  );
}
