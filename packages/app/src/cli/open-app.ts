import { createAppAuthz } from '../authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../config/database-url.ts';
import { connect, type Connection } from '../db/connect.ts';
import { serverSettingsFromEnv } from '../server/app-settings.ts';

/** Opens the configured database and migrates it: every command starts from here. */
export async function openApp(env: NodeJS.ProcessEnv = process.env) {
  const connection: Connection = await connect(parseDatabaseUrl(env.DATABASE_URL));
  // One source for settings that both the kit (rules) and the server (access) must agree on.
  const settings = serverSettingsFromEnv(env);
  const authz = createAppAuthz(connection.db, { anonymousRead: settings.anonymousRead ?? false });
  try {
    const report = await authz.migrateAll();
    return { connection, authz, report, settings };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
