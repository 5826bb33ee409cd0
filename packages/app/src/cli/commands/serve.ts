import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build-app.ts';
import { openApp } from '../open-app.ts';

/** Migrates, then listens on HOST:PORT (default 127.0.0.1:3000) until SIGINT/SIGTERM. */
export async function serve(env = process.env): Promise<FastifyInstance> {
  const { connection, authz, settings } = await openApp(env);
  const app = await buildApp({ connection, authz, logger: env.NODE_ENV !== 'test', ...settings });
  const host = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be an integer 0–65535, got "${env.PORT}"`);
  app.addHook('onClose', () => connection.close());
  await app.listen({ host, port });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}
