import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';

/** Liveness and database reachability, for load balancers. */
export function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.batterydb.connection.db);
      return { status: 'ok', database: app.batterydb.connection.config.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  return Promise.resolve();
}
