import { type AppAuthz, createAppAuthz } from '../authz/create-app-authz.ts';
import type { DatabaseConfig } from '../config/database-url.ts';
import { connect } from '../db/connect.ts';

/**
 * The app's own connection and kit on `config` for one step (build a schema, migrate forward,
 * verify), closed whatever happens: restore and copy read back through the same functions the
 * site uses, so "equal" means equal as users see it.
 */
export async function withAppDatabase<T>(
  config: DatabaseConfig,
  step: (authz: AppAuthz) => Promise<T>,
  options: { anonymousRead?: boolean } = {},
): Promise<T> {
  const connection = await connect(config, { poolSize: 2 });
  try {
    return await step(createAppAuthz(connection.db, { anonymousRead: options.anonymousRead ?? false }));
  } finally {
    await connection.close();
  }
}
