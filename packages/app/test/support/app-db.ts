import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { createTestDatabase, type Dialect } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';

/** A fresh, migrated BatteryDB database of one dialect, opened through the app's own `connect`. */
export async function appDatabase(dialect: Dialect) {
  const database = await createTestDatabase(dialect);
  const connection = await connect(parseDatabaseUrl(database.url));
  const hasher = countingHasher();
  const authz = createAppAuthz(connection.db, { hasher });
  const report = await authz.migrateAll();
  return {
    database,
    connection,
    authz,
    hasher,
    report,
    async close() {
      await connection.close();
      await database.drop();
    },
  };
}
