import type { Kysely } from 'kysely';
import { redactDatabaseUrl, type DatabaseConfig } from '../config/database-url.ts';
import { withAppDatabase } from './app-database.ts';
import { buildSchemaAt, checkKnownMigrations, clearTables } from './build-schema.ts';
import { copyProgress } from './copy-progress.ts';
import { checkForeignKeys, resetSequences, rowInserter } from './load-rows.ts';
import { progressReporter } from './progress.ts';
import { openRaw, type RawDatabase } from './raw-database.ts';
import { inSnapshot, readMigrations } from './snapshot.ts';
import { discoverTables, type TableInfo } from './table-catalog.ts';
import { tableBatches } from './table-rows.ts';
import { type CopyVerification, verifyCopy } from './verify-copy.ts';

export interface CopyOptions {
  log?: (line: string) => void;
  /** Stops between batches (what was committed stays; the next run resumes). */
  signal?: AbortSignal;
  /** Told after every committed batch (tests interrupt a copy from here). */
  onBatch?: (table: string, rows: number) => void;
  anonymousRead?: boolean;
}

export interface CopyReport extends CopyVerification {
  resumed: boolean;
}

/** One table from `after` on: each batch and its progress row in one target transaction. */
async function copyTable(
  from: RawDatabase,
  to: RawDatabase,
  table: TableInfo,
  target: readonly TableInfo[],
  progress: Awaited<ReturnType<typeof copyProgress>>,
  options: CopyOptions & { report: ReturnType<typeof progressReporter> },
): Promise<void> {
  const inserter = rowInserter(to, target, table.name, table.columns);
  let rows = 0;
  for await (const batch of tableBatches(from, table, progress.position(table.name))) {
    options.signal?.throwIfAborted();
    await to.run(to.dialect === 'sqlite' ? 'begin immediate' : 'begin');
    try {
      for (const [i, row] of batch.rows.entries()) await inserter.add(row, batch.lines[i]!.length);
      await inserter.flush();
      await progress.save(table.name, batch.next, false);
      await to.run('commit');
    } catch (error) {
      await to.run('rollback').catch(() => undefined);
      throw error;
    }
    rows += batch.rows.length;
    options.report.rows(table.name, rows, batch.rows.length);
    options.onBatch?.(table.name, rows);
  }
  await progress.save(table.name, progress.position(table.name), true);
}

/**
 * `batterydb copy-database --to URL`: the configured database into an empty one of either
 * dialect, table by table in dependency order, streamed in batches from one snapshot of the
 * source, resumable (copy-progress.ts), then brought to the latest schema, its sequences set,
 * the authorization generation bumped, and verified (verify-copy.ts). Meant with the site
 * stopped: rows written during the copy make the verification fail, by name.
 */
export async function copyDatabase(
  source: DatabaseConfig,
  target: DatabaseConfig,
  options: CopyOptions = {},
): Promise<CopyReport> {
  if (redactDatabaseUrl(source) === redactDatabaseUrl(target))
    throw new Error('the target is the source database: give another URL');
  const log = options.log ?? (() => undefined);
  const from = await openRaw(source, 'source');
  const to = await openRaw(target, 'target').catch(async (error: unknown) => {
    await from.close();
    throw error;
  });
  let resumed = false;
  try {
    const migrations = await readMigrations(from);
    if (migrations.kysely_migration.length === 0)
      throw new Error('the source has no BatteryDB schema (run `batterydb init` first)');
    checkKnownMigrations(migrations);
    const progress = await copyProgress(to, migrations);
    resumed = progress.resumed;
    if (resumed) log(`copy-database: resuming the copy into ${redactDatabaseUrl(target)}`);
    if (!progress.schemaBuilt()) {
      await withAppDatabase(target, (authz) => buildSchemaAt(authz.db as Kysely<unknown>, migrations));
      await clearTables(
        to,
        (await discoverTables(to)).map((t) => t.name),
      );
      await progress.markSchemaBuilt();
    }
    const target_ = await discoverTables(to);
    if (to.dialect === 'sqlite') await to.run('pragma foreign_keys = off');
    const report = progressReporter('copy-database', log);
    await inSnapshot(from, async () => {
      for (const table of await discoverTables(from))
        if (!progress.done(table.name))
          await copyTable(from, to, table, target_, progress, { ...options, report });
    });
    await checkForeignKeys(to);
    await resetSequences(to);
    log(report.done());
    await withAppDatabase(target, async (authz) => {
      await authz.migrateAll();
      await authz.bumpGeneration();
    });
    const verified = await verifyCopy(source, target, options);
    await progress.finish();
    return { ...verified, resumed };
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}
