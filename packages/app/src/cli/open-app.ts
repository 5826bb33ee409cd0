import { createAppAuthz } from '../authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../config/database-url.ts';
import { secondFactorKeyFromEnv } from '../config/second-factor-key.ts';
import { connect, type Connection } from '../db/connect.ts';
import { serverSettingsFromEnv } from '../server/app-settings.ts';

/**
 * Opens the configured database without migrating it: for a worker of `serve`, whose primary
 * migrated once before forking (workers never race each other's migrations).
 */
export async function openDatabase(env: NodeJS.ProcessEnv = process.env) {
  const connection: Connection = await connect(parseDatabaseUrl(env.DATABASE_URL));
  // One source for settings that both the kit (rules) and the server (access) must agree on.
  const settings = serverSettingsFromEnv(env);
  const secondFactorKey = secondFactorKeyFromEnv(env);
  const authz = createAppAuthz(connection.db, {
    anonymousRead: settings.anonymousRead ?? false,
    ...(secondFactorKey ? { secondFactorKey } : {}),
  });
  return { connection, authz, settings };
}

/** Opens the configured database and migrates it: every command starts from here. */
export async function openApp(env: NodeJS.ProcessEnv = process.env) {
  const opened = await openDatabase(env);
  try {
    const report = await opened.authz.migrateAll();
    return { ...opened, report };
  } catch (error) {
    await opened.connection.close();
    throw error;
  }
}
