import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { lookupNames } from '../../accounts/lookup-names.ts';
import { databaseRateStore } from '../http/database-rate-store.ts';
import { closed } from '../schemas/common.ts';

/** Lookups per signed-in user per minute: plenty for typing, too few to walk the directory. */
export const LOOKUPS_PER_MINUTE = 60;

/**
 * `GET /api/directory?q=al`: names to share with (issue 10). Any signed-in user may ask, but
 * gets only names and display names (no ids, no e-mail), of active users and of groups, and
 * at most {@link LOOKUPS_PER_MINUTE} times a minute (429 with `Retry-After` beyond). The limit
 * is counted in the database (http/database-rate-store.ts), so it is one limit per user across
 * worker processes and hosts.
 */
export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const { connection } = app.batterydb;
  await app.register(rateLimit, { global: false, store: databaseRateStore(connection.db) });
  app.get<{ Querystring: { q: string; kind?: 'user' | 'group' } }>(
    '/api/directory',
    {
      config: {
        access: { kind: 'signed-in' },
        rateLimit: {
          max: LOOKUPS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => `user:${request.subject?.user.id ?? request.ip}`,
        },
      },
      schema: {
        summary: 'Type-ahead: active users and groups whose name starts with q (names only, rate-limited)',
        tags: ['experiments: sharing'],
        querystring: closed({
          q: Type.String({ minLength: 1, maxLength: 150 }),
          kind: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('group')])),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                kind: Type.Union([Type.Literal('user'), Type.Literal('group')]),
                name: Type.String(),
                displayName: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await lookupNames(
        connection.db,
        request.query.q,
        request.query.kind ? [request.query.kind] : undefined,
      ),
    }),
  );
}
