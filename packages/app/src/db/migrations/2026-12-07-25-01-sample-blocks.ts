import { dialectOf } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';
import { gzipSync } from 'node:zlib';
import { FileBlockWriter, insertBlocks } from '../../measurements/block-writer.ts';
import { BLOCK_COLUMNS } from '../../measurements/sample-codec.ts';
import type { Database } from '../schema.ts';

/** Rows read from `measurement` per query while converting. */
const PAGE_ROWS = 10_000;
/** The row table's sample columns are the blocks' columns, by name. */
const COLUMNS = BLOCK_COLUMNS;

/**
 * Issue 25: samples move from one row each (`measurement`, ~100 bytes a sample with its index) to
 * columnar compressed blocks (`sample_block`), with the overview pyramid; the original files'
 * pieces are gzipped. Existing data is converted file by file — on SQLite each file in its own
 * transaction (its blocks written, its rows removed), so a conversion cut short resumes at the
 * next start with the files left (every step is idempotent: running it again changes nothing);
 * on PostgreSQL the migrator runs all of it in one transaction.
 * Nothing is lost: the values go through the lossless codec (test/db/sample-blocks-migration).
 */
export const sampleBlocksMigration: Migration = {
  async up(raw: Kysely<unknown>) {
    const sqlite = dialectOf(raw) === 'sqlite';
    const db = raw as unknown as Kysely<Database>;
    await sql`create table if not exists sample_block (
      experiment_id integer not null,
      file_id integer not null,
      level integer not null,
      first_seq integer not null,
      last_seq integer not null,
      sample_count integer not null,
      cycle_min integer not null,
      cycle_max integer not null,
      time_min double precision not null,
      time_max double precision not null,
      data ${sql.raw(sqlite ? 'blob' : 'bytea')} not null,
      constraint sample_block_pk primary key (experiment_id, file_id, level, first_seq)
    )`.execute(db);
    // A cycle range's blocks: an index-only scan of the file's block ranges (a few entries per
    // thousand samples), then the blocks themselves by key.
    await sql`create index if not exists sample_block_cycle
      on sample_block (experiment_id, file_id, level, cycle_max, cycle_min)`.execute(db);
    await blocksFollowTheirFile(db, sqlite);
    if (!(await hasColumn(db, 'data_file_chunk', 'compression')))
      await sql`alter table data_file_chunk add column compression varchar(10)`.execute(db);

    if (await hasTable(db, 'measurement')) {
      await convertSamples(db);
      await sql`drop trigger if exists data_file_delete_samples ${sql.raw(sqlite ? '' : 'on data_file')}`.execute(
        db,
      );
      if (!sqlite) await sql`drop function if exists data_file_delete_samples()`.execute(db);
      await sql`drop table measurement`.execute(db);
    }
    await compressOriginals(db);
  },
};

/** Whether a rerun (SQLite: a conversion cut short) finds the table still there. */
async function hasTable(db: Kysely<Database>, table: string): Promise<boolean> {
  return (await db.introspection.getTables()).some((t) => t.name === table);
}

/** Whether a rerun (SQLite: a conversion cut short) finds the column already added. */
async function hasColumn(db: Kysely<Database>, table: string, column: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === table && t.columns.some((c) => c.name === column));
}

/** In a transaction of its own where the migrator has not opened one (SQLite). */
function step<T>(db: Kysely<Database>, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

async function convertSamples(db: Kysely<Database>): Promise<void> {
  const untyped = db as unknown as Kysely<Record<string, Record<string, number | null>>>;
  const files = await untyped
    .selectFrom('measurement')
    .select(['experiment_id', 'file_id'])
    .distinct()
    .orderBy('file_id')
    .execute();
  for (const file of files) {
    const key = { experimentId: Number(file.experiment_id), fileId: Number(file.file_id) };
    await step(db, async (trx) => {
      const rows = trx as unknown as typeof untyped;
      // A block of this file left by an earlier, interrupted run would collide: start over.
      await trx.deleteFrom('sample_block').where('file_id', '=', key.fileId).execute();
      const writer = new FileBlockWriter();
      let after = 0;
      for (;;) {
        const page = await rows
          .selectFrom('measurement')
          .select(['seq', ...COLUMNS])
          .where('experiment_id', '=', key.experimentId)
          .where('file_id', '=', key.fileId)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(PAGE_ROWS)
          .execute();
        for (const row of page)
          writer.pushValues(
            Number(row.seq),
            COLUMNS.map((c) => (row[c] === null || row[c] === undefined ? null : Number(row[c]))),
          );
        await insertBlocks(trx, key, writer.take());
        if (page.length < PAGE_ROWS) break;
        after = Number(page.at(-1)!.seq);
      }
      await insertBlocks(trx, key, writer.finish());
      await rows
        .deleteFrom('measurement')
        .where('experiment_id', '=', key.experimentId)
        .where('file_id', '=', key.fileId)
        .execute();
    });
  }
}

/** Each stored piece of every original, gzipped on its own; a piece already compressed is left. */
async function compressOriginals(db: Kysely<Database>): Promise<void> {
  const pieces = await db
    .selectFrom('data_file_chunk')
    .select(['file_id', 'seq'])
    .where('compression', 'is', null)
    .orderBy('file_id')
    .orderBy('seq')
    .execute();
  for (const piece of pieces)
    await step(db, async (trx) => {
      const row = await trx
        .selectFrom('data_file_chunk')
        .select('bytes')
        .where('file_id', '=', piece.file_id)
        .where('seq', '=', piece.seq)
        .where('compression', 'is', null)
        .executeTakeFirst();
      if (!row) return;
      await trx
        .updateTable('data_file_chunk')
        .set({ bytes: gzipSync(row.bytes), compression: 'gzip' })
        .where('file_id', '=', piece.file_id)
        .where('seq', '=', piece.seq)
        .execute();
    });
}

/** ON DELETE CASCADE from `data_file` to its blocks, as a trigger (no per-row FK check on import). */
async function blocksFollowTheirFile(db: Kysely<Database>, sqlite: boolean): Promise<void> {
  const remove = 'delete from sample_block where experiment_id = old.experiment_id and file_id = old.id;';
  if (sqlite) {
    await sql
      .raw(
        `create trigger if not exists data_file_delete_blocks after delete on data_file begin ${remove} end`,
      )
      .execute(db);
    return;
  }
  await sql
    .raw(
      `create or replace function data_file_delete_blocks() returns trigger language plpgsql as $$ begin ${remove} return old; end $$`,
    )
    .execute(db);
  await sql.raw('drop trigger if exists data_file_delete_blocks on data_file').execute(db);
  await sql
    .raw(
      'create trigger data_file_delete_blocks after delete on data_file for each row execute function data_file_delete_blocks()',
    )
    .execute(db);
}
