import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hideFiles, purgeFile, purgeSamples } from '../measurements/purge-file.ts';
import { abandonedFailure } from './import-failure.ts';
import { HEARTBEAT_MS } from './import-progress.ts';
import { failImportRecord, UNFINISHED } from './import-records.ts';
import { RUNNER_ID, runnerIsGone } from './runner-id.ts';
import { runningHere } from './running-imports.ts';

/**
 * An unfinished import whose runner is on another host is taken as abandoned once its record
 * has been silent this long (a running import writes at least every HEARTBEAT_MS).
 */
export const ABANDONED_AFTER_MS = 60_000;

interface OpenImport {
  id: number;
  experiment_id: number;
  file_id: number | null;
  runner: string | null;
  updated_at: number;
}

function isAbandoned(record: OpenImport, now: number): boolean {
  if (runningHere(record.id)) return false;
  // Ours but not running: its failure could not be written (the database was away). A grace
  // period covers the instant between a new record's insert and its registration.
  if (record.runner === RUNNER_ID) return now - record.updated_at > 2 * HEARTBEAT_MS;
  return runnerIsGone(record.runner) || now - record.updated_at > ABANDONED_AFTER_MS;
}

/**
 * Finds imports that no live process is running any more (SPEC §6: they never stay
 * "receiving"/"importing") and fails them with a reason, after removing what they wrote: a file
 * whose bytes were stored in full is kept (the import is retryable), anything else goes. Then
 * removes files left hidden by deletions that did not get to finish. Run at start-up and
 * periodically by `serve`; safe to run in several processes at once (each step is conditional).
 */
export async function recoverImports(db: Kysely<Database>, now = Date.now()): Promise<{ failed: number }> {
  const open = await db
    .selectFrom('data_import')
    .select(['id', 'experiment_id', 'file_id', 'runner', 'updated_at'])
    .where('status', 'in', UNFINISHED)
    .execute();
  let failed = 0;
  for (const record of open)
    if (isAbandoned(record, now) && (await takeOver(db, record, now))) {
      await failAbandoned(db, record);
      failed += 1;
    }
  await purgeLeftoverFiles(db);
  return { failed };
}

/** One conditional update: of several processes recovering at once, exactly one wins. */
async function takeOver(db: Kysely<Database>, record: OpenImport, now: number): Promise<boolean> {
  const result = await db
    .updateTable('data_import')
    .set({ runner: RUNNER_ID, updated_at: now })
    .where('id', '=', record.id)
    .where('status', 'in', UNFINISHED)
    .where((eb) => (record.runner === null ? eb('runner', 'is', null) : eb('runner', '=', record.runner)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function failAbandoned(db: Kysely<Database>, record: OpenImport): Promise<void> {
  let kept = false;
  if (record.file_id !== null) {
    const key = { experimentId: record.experiment_id, fileId: record.file_id };
    const file = await db
      .selectFrom('data_file')
      .select('status')
      .where('id', '=', record.file_id)
      .executeTakeFirst();
    kept = file?.status === 'stored';
    if (kept) await purgeSamples(db, key);
    else if (file?.status === 'storing') {
      await hideFiles(db, key);
      await purgeFile(db, key);
    }
  }
  await failImportRecord(db, record.id, { failure: abandonedFailure(kept), keepFile: kept }, Date.now());
}

/**
 * Files hidden for deletion (a deletion stopped half-way) and files no import record refers to
 * (a failure whose clean-up could not be written). Removing a file twice is harmless, so a
 * deletion still running elsewhere is no obstacle.
 */
async function purgeLeftoverFiles(db: Kysely<Database>): Promise<void> {
  const leftovers = await db
    .selectFrom('data_file')
    .select(['id', 'experiment_id', 'status'])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'deleting'),
        eb.and([
          eb('status', 'in', ['storing', 'stored']),
          eb.not(
            eb.exists(
              eb
                .selectFrom('data_import')
                .select('data_import.id')
                .whereRef('data_import.file_id', '=', 'data_file.id'),
            ),
          ),
        ]),
      ]),
    )
    .execute();
  for (const file of leftovers) {
    const key = { experimentId: file.experiment_id, fileId: file.id };
    if (file.status !== 'deleting') await hideFiles(db, key);
    await purgeFile(db, key);
  }
}

/**
 * `serve`'s upkeep: recovery now (before the first request) and then every `intervalMs`,
 * never two at once. Failures (the database is away) wait for the next round.
 */
export function startImportRecovery(
  db: Kysely<Database>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): { first: Promise<void>; stop(): void } {
  let running: Promise<void> | null = null;
  const round = () => {
    running ??= recoverImports(db)
      .then(() => undefined, options.onError ?? (() => undefined))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void round(), options.intervalMs ?? 30_000);
  timer.unref();
  return { first: round(), stop: () => clearInterval(timer) };
}
