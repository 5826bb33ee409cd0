import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { retryAfterSeconds } from '../../db/database-unavailable.ts';

/** Liveness and database reachability, for load balancers. */
export function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.batterydb.connection.db);
      return { status: 'ok', database: app.batterydb.connection.config.dialect };
    } catch (error) {
      return reply
        .code(503)
        .header('retry-after', String(retryAfterSeconds(error)))
        .send({ status: 'unavailable' });
    }
  });
  return Promise.resolve();
}
