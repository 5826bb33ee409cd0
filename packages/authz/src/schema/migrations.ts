import type { Kysely, Migration } from 'kysely';
import { withIdColumn } from '../db/id-column.ts';
import { accountDefencesMigration } from './account-defences-migration.ts';
import { accountsMigration } from './accounts-migration.ts';
import { attemptSettledMigration } from './attempt-settled-migration.ts';
import { externalIdentityMigration } from './external-identity-migration.ts';
import { generationMigration } from './generation-migration.ts';
import { secondFactorMigration } from './second-factor-migration.ts';
import { tokenScopeMigration } from './token-scope-migration.ts';
import { userFullNameMigration } from './user-full-name-migration.ts';

/**
 * The kit's schema migrations, for the application's Kysely migrator. Names sort before any
 * application migration written after them, and the migrator runs unordered ones too.
 */
export const authzMigrations: Record<string, Migration> = {
  '2026-11-25-00-authz-core': {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db, db.schema.createTable('authz_user'))
        .addColumn('username', 'varchar(150)', (c) => c.notNull())
        .addColumn('username_key', 'varchar(150)', (c) => c.notNull().unique())
        .addColumn('email', 'varchar(254)', (c) => c.notNull().defaultTo(''))
        .addColumn('password_hash', 'varchar(255)')
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('is_staff', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_login', 'bigint')
        .addColumn('date_joined', 'bigint', (c) => c.notNull())
        .execute();

      await withIdColumn(db, db.schema.createTable('authz_group'))
        .addColumn('name', 'varchar(150)', (c) => c.notNull().unique())
        .execute();

      await withIdColumn(db, db.schema.createTable('authz_permission'))
        .addColumn('app', 'varchar(100)', (c) => c.notNull())
        .addColumn('codename', 'varchar(100)', (c) => c.notNull())
        .addColumn('model', 'varchar(100)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addUniqueConstraint('authz_permission_app_codename', ['app', 'codename'])
        .execute();

      await db.schema
        .createTable('authz_user_group')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
        .addColumn('group_id', 'integer', (c) => c.notNull().references('authz_group.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('authz_user_group_pk', ['user_id', 'group_id'])
        .execute();
      await db.schema
        .createIndex('authz_user_group_group')
        .on('authz_user_group')
        .columns(['group_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('authz_user_permission')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
        .addColumn('permission_id', 'integer', (c) =>
          c.notNull().references('authz_permission.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('authz_user_permission_pk', ['user_id', 'permission_id'])
        .execute();
      await db.schema
        .createIndex('authz_user_permission_perm')
        .on('authz_user_permission')
        .columns(['permission_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('authz_group_permission')
        .addColumn('group_id', 'integer', (c) => c.notNull().references('authz_group.id').onDelete('cascade'))
        .addColumn('permission_id', 'integer', (c) =>
          c.notNull().references('authz_permission.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('authz_group_permission_pk', ['group_id', 'permission_id'])
        .execute();
      await db.schema
        .createIndex('authz_group_permission_perm')
        .on('authz_group_permission')
        .columns(['permission_id', 'group_id'])
        .execute();
    },
  },
  '2026-11-25-10-accounts': accountsMigration,
  '2026-11-29-09-account-defences': accountDefencesMigration,
  '2026-11-29-11-user-full-name': userFullNameMigration,
  '2026-11-29-12-authz-generation': generationMigration,
  '2026-12-07-19-01-authz-attempt-settled': attemptSettledMigration,
  '2026-12-07-22-01-token-scope': tokenScopeMigration,
  '2026-12-07-27-01-external-identity': externalIdentityMigration,
  '2026-12-07-27-02-second-factor': secondFactorMigration,
};
