import { createAppAuthz } from '../authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../config/database-url.ts';
import { connect, type Connection } from '../db/connect.ts';

/** Opens the configured database and migrates it: every command starts from here. */
export async function openApp(env: NodeJS.ProcessEnv = process.env) {
  const connection: Connection = await connect(parseDatabaseUrl(env.DATABASE_URL));
  const authz = createAppAuthz(connection.db);
  try {
    const report = await authz.migrateAll();
    return { connection, authz, report };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
