import { dialectOf } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The time series and the per-cycle summary. A file's samples are found by the primary key's
 * prefix (experiment_id, file_id), so deleting or reading one experiment never scans another's.
 *
 * `measurement` has no foreign key on purpose: PostgreSQL checks a foreign key with a trigger
 * per inserted row, which halved the import rate (1 M samples: 21 s with it, 10 s without, on
 * the benchmark machine). Its only writer is the import, which writes the samples of the file
 * it created in the same transaction; deletion follows the file through the trigger below, on
 * both dialects, exactly as ON DELETE CASCADE would (and through the same key prefix).
 * On SQLite the table is WITHOUT ROWID: rows are small (~100 bytes) and stored in key order,
 * so one experiment's samples are one range and no separate rowid index is kept.
 */
export const measurementsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const sqlite = dialectOf(db) === 'sqlite';
    let samples = db.schema
      .createTable('measurement')
      .addColumn('experiment_id', 'integer', (c) => c.notNull())
      .addColumn('file_id', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('time_s', 'double precision', (c) => c.notNull())
      .addColumn('cycle', 'integer', (c) => c.notNull())
      .addColumn('step', 'integer')
      .addColumn('current_a', 'double precision', (c) => c.notNull())
      .addColumn('voltage_v', 'double precision', (c) => c.notNull())
      .addColumn('charge_capacity_ah', 'double precision')
      .addColumn('discharge_capacity_ah', 'double precision')
      .addColumn('charge_energy_wh', 'double precision')
      .addColumn('discharge_energy_wh', 'double precision')
      .addColumn('temperature_c', 'double precision')
      .addPrimaryKeyConstraint('measurement_pk', ['experiment_id', 'file_id', 'seq']);
    if (sqlite) samples = samples.modifyEnd(sql`without rowid`);
    await samples.execute();
    await deleteSamplesWithTheirFile(db, sqlite);
    // A cycle range ("cycles 10–20 of this test") without reading the whole test, in file order.
    await db.schema
      .createIndex('measurement_cycle')
      .on('measurement')
      .columns(['experiment_id', 'cycle', 'file_id', 'seq'])
      .execute();

    await db.schema
      .createTable('cycle_summary')
      .addColumn('experiment_id', 'integer', (c) => c.notNull())
      .addColumn('file_id', 'integer', (c) => c.notNull())
      .addColumn('cycle', 'integer', (c) => c.notNull())
      .addColumn('charge_capacity_ah', 'double precision', (c) => c.notNull())
      .addColumn('discharge_capacity_ah', 'double precision', (c) => c.notNull())
      .addColumn('coulombic_efficiency', 'double precision')
      .addColumn('charge_energy_wh', 'double precision', (c) => c.notNull())
      .addColumn('discharge_energy_wh', 'double precision', (c) => c.notNull())
      .addColumn('duration_s', 'double precision', (c) => c.notNull())
      .addColumn('label', 'varchar(100)')
      .addPrimaryKeyConstraint('cycle_summary_pk', ['experiment_id', 'file_id', 'cycle'])
      .addForeignKeyConstraint(
        'cycle_summary_file_fk',
        ['experiment_id', 'file_id'],
        'data_file',
        ['experiment_id', 'id'],
        (c) => c.onDelete('cascade'),
      )
      .execute();
  },
};

/** ON DELETE CASCADE from `data_file` to `measurement`, as a trigger (see above for why). */
async function deleteSamplesWithTheirFile(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  const remove = 'delete from measurement where experiment_id = old.experiment_id and file_id = old.id;';
  if (sqlite) {
    await sql
      .raw(`create trigger data_file_delete_samples after delete on data_file begin ${remove} end`)
      .execute(db);
    return;
  }
  await sql
    .raw(
      `create function data_file_delete_samples() returns trigger language plpgsql as $$ begin ${remove} return old; end $$`,
    )
    .execute(db);
  await sql
    .raw(
      'create trigger data_file_delete_samples after delete on data_file for each row execute function data_file_delete_samples()',
    )
    .execute(db);
}
