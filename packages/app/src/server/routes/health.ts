import { sql } from 'kysely';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { retryAfterSeconds } from '../../db/database-unavailable.ts';

/**
 * For load balancers and orchestrators: `/healthz` is liveness (the process answers and reaches
 * the database), `/readyz` readiness (the database also takes a committed write: a full disk or
 * a read-only database makes every write 503, and this says so, issue 19).
 */
export function healthRoutes(app: FastifyInstance): Promise<void> {
  const { connection } = app.batterydb;
  const unavailable = (reply: FastifyReply, error: unknown) =>
    reply
      .code(503)
      .header('retry-after', String(retryAfterSeconds(error)))
      .send({ status: 'unavailable' });

  app.get('/healthz', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(connection.db);
      return { status: 'ok', database: connection.config.dialect };
    } catch (error) {
      return unavailable(reply, error);
    }
  });

  app.get('/readyz', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    try {
      // One small row, upserted and committed: what every write needs, and nothing more.
      const at = Date.now();
      await connection.db
        .insertInto('heartbeat')
        .values({ name: 'readyz', at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ at }))
        .execute();
      return { status: 'ready', database: connection.config.dialect };
    } catch (error) {
      return unavailable(reply, error);
    }
  });
  return Promise.resolve();
}
