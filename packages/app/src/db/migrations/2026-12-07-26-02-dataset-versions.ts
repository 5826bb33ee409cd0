import { dialectOf, withIdColumn } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Issue 26, open data. A published experiment's **versions** (`dataset_version`): version n is
 * a frozen JSON snapshot (metadata, cells, files with SHA-256, per-cycle tables) that never
 * changes — a trigger refuses every UPDATE except the one that withdraws it (reason, when, who),
 * and a withdrawal is final. The original bytes a version refers to are copied once per SHA-256
 * into `dataset_blob_chunk` (the pieces as stored, gzip and all), so replacing or deleting the
 * experiment's file later never loses a released version's bytes.
 *
 * `experiment.open_release` (0/1) and `licence` (SPDX id): released openly by a Maintainer; the
 * rule "released openly to everyone" reads them (experiments/policy.ts).
 */
export const datasetVersionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = dialectOf(db) === 'postgres';
    await db.schema
      .alterTable('experiment')
      .addColumn('open_release', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('experiment').addColumn('licence', 'varchar(64)').execute();
    await withIdColumn(db, db.schema.createTable('dataset_version'))
      .addColumn('experiment_id', 'integer', (c) =>
        c.notNull().references('experiment.id').onDelete('cascade'),
      )
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('snapshot', 'text', (c) => c.notNull())
      .addColumn('released_at', 'bigint', (c) => c.notNull())
      .addColumn('released_by', 'integer')
      .addColumn('withdrawn_at', 'bigint')
      .addColumn('withdrawn_reason', 'text')
      .addColumn('withdrawn_by', 'integer')
      .addUniqueConstraint('dataset_version_number', ['experiment_id', 'n'])
      .execute();
    await db.schema
      .createTable('dataset_blob_chunk')
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('bytes', sql.raw(postgres ? 'bytea' : 'blob'), (c) => c.notNull())
      .addColumn('compression', 'varchar(8)')
      .addPrimaryKeyConstraint('dataset_blob_chunk_pk', ['sha256', 'seq'])
      .execute();
    // Immutable: only a first withdrawal may change a row, and only its withdrawal columns.
    const changed = (col: string) => `new.${col} is distinct from old.${col}`;
    const frozen = ['id', 'experiment_id', 'n', 'snapshot', 'released_at', 'released_by']
      .map(changed)
      .join(' or ');
    const refused = `${frozen} or old.withdrawn_at is not null`;
    if (postgres) {
      await sql
        .raw(
          `create function dataset_version_immutable() returns trigger language plpgsql as $$
           begin
             if ${refused} then raise exception 'a released dataset version never changes'; end if;
             return new;
           end $$`,
        )
        .execute(db);
      await sql`create trigger dataset_version_immutable before update on dataset_version
        for each row execute function dataset_version_immutable()`.execute(db);
      await sql`create function dataset_blob_immutable() returns trigger language plpgsql as $$
        begin raise exception 'a released dataset file never changes'; end $$`.execute(db);
      await sql`create trigger dataset_blob_immutable before update on dataset_blob_chunk
        for each row execute function dataset_blob_immutable()`.execute(db);
    } else {
      await sql
        .raw(
          `create trigger dataset_version_immutable before update on dataset_version
           when ${refused.replaceAll('is distinct from', 'is not')}
           begin select raise(abort, 'a released dataset version never changes'); end`,
        )
        .execute(db);
      await sql`create trigger dataset_blob_immutable before update on dataset_blob_chunk
        begin select raise(abort, 'a released dataset file never changes'); end`.execute(db);
    }
  },
};
