import type { Kysely, Migration } from 'kysely';
import { withIdColumn } from '../db/id-column.ts';

/**
 * The TOTP second factor (issue 27, SPEC §5): one factor per user (pending until confirmed with
 * a code), its recovery codes (hashed, each used once), the sign-ins waiting for their second
 * step, and on each session when the factor was used. Everything cascades with the user.
 */
export const secondFactorMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('authz_totp')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('authz_user.id').onDelete('cascade'))
      .addColumn('secret', 'varchar(200)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('confirmed_at', 'bigint')
      .addColumn('last_step', 'bigint')
      .execute();
    await withIdColumn(db, db.schema.createTable('authz_recovery_code'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
      .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('authz_recovery_code_user')
      .on('authz_recovery_code')
      .columns(['user_id', 'code_hash'])
      .execute();
    await withIdColumn(db, db.schema.createTable('authz_factor_challenge'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('client_address', 'varchar(64)')
      .addColumn('user_agent', 'varchar(256)')
      .execute();
    await db.schema.alterTable('authz_session').addColumn('mfa_at', 'bigint').execute();
  },
};
