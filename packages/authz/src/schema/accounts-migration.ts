import type { Kysely, Migration } from 'kysely';
import { withIdColumn } from '../db/id-column.ts';

/** Sessions, API tokens, login attempts and the audit log (issue 4). */
export const accountsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withIdColumn(db, db.schema.createTable('authz_session'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('client_address', 'varchar(64)')
      .execute();
    await db.schema.createIndex('authz_session_user').on('authz_session').column('user_id').execute();

    await withIdColumn(db, db.schema.createTable('authz_api_token'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .execute();
    await db.schema.createIndex('authz_api_token_user').on('authz_api_token').column('user_id').execute();

    await withIdColumn(db, db.schema.createTable('authz_login_attempt'))
      .addColumn('scope', 'varchar(16)', (c) => c.notNull())
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('authz_login_attempt_key')
      .on('authz_login_attempt')
      .columns(['scope', 'key_hash', 'at'])
      .execute();
    await db.schema.createIndex('authz_login_attempt_at').on('authz_login_attempt').column('at').execute();

    await withIdColumn(db, db.schema.createTable('authz_audit_log'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('action', 'varchar(100)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(100)', (c) => c.notNull())
      .addColumn('target_id', 'integer')
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('client_address', 'varchar(64)')
      .execute();
    // The filters of the audit page, each newest first (keyset on id).
    for (const [name, columns] of [
      ['authz_audit_log_actor', ['actor_id', 'id']],
      ['authz_audit_log_target', ['target_type', 'target_id', 'id']],
      ['authz_audit_log_action', ['action', 'id']],
      ['authz_audit_log_at', ['at', 'id']],
    ] as const)
      await db.schema
        .createIndex(name)
        .on('authz_audit_log')
        .columns([...columns])
        .execute();
  },
};
