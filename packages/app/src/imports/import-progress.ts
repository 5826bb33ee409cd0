import type { Kysely } from 'kysely';
import type { Database, ImportStatus } from '../db/schema.ts';
import { ImportTakenOverError } from './import-errors.ts';
import { type ImportCounters, type ImportItem, saveImportProgress } from './import-records.ts';
import { type RunningImport, runningHere } from './running-imports.ts';

const PERSIST_EVERY_MS = 1000;
/**
 * Written at least this often while an import runs, progress or not (a slow client): other
 * processes take an import whose record stays silent for much longer as abandoned.
 */
export const HEARTBEAT_MS = 5000;

/**
 * An import's progress: kept in memory for this process, and written to its `data_import` row
 * at most once a second (and at least every HEARTBEAT_MS), so another process — behind the load
 * balancer, or a worker on the same SQLite file — can show it too. Each write is one short
 * statement; on SQLite it queues for the writer between the import's own chunks.
 */
export class ImportProgress {
  readonly #db: Kysely<Database>;
  readonly #id: number;
  readonly #run: RunningImport;
  readonly #heartbeat: NodeJS.Timeout;
  #savedAt = 0;

  constructor(db: Kysely<Database>, id: number, run: RunningImport) {
    this.#db = db;
    this.#id = id;
    this.#run = run;
    this.#heartbeat = setInterval(() => {
      if (Date.now() - this.#savedAt >= HEARTBEAT_MS) this.#save().catch(() => undefined);
    }, HEARTBEAT_MS);
    // Never what keeps the process alive; `end` clears it.
    this.#heartbeat.unref();
  }

  get counters(): ImportCounters {
    const { bytesReceived, bytesParsed, rows, points, format } = this.#run.live;
    return { bytesReceived, bytesParsed, rows, points, format };
  }

  /** Updates the counters; writes them once a second has passed, or at once with `save`. */
  async report(
    patch: Partial<ImportCounters & { status: ImportStatus }>,
    options: { save?: boolean } = {},
  ): Promise<void> {
    Object.assign(this.#run.live, patch);
    if (!options.save && Date.now() - this.#savedAt < PERSIST_EVERY_MS) return;
    await this.#save();
  }

  async #save(): Promise<void> {
    const now = Date.now();
    this.#savedAt = now;
    const ours = await saveImportProgress(this.#db, this.#id, this.#run.live.status, this.counters, now);
    if (!ours) this.#run.controller.abort(new ImportTakenOverError(this.#id));
  }

  end(): void {
    clearInterval(this.#heartbeat);
  }
}

/** A stored import record with this process's fresher counters, when it is running here. */
export function withLiveProgress(item: ImportItem): ImportItem {
  const live = runningHere(item.id)?.live;
  if (live === undefined || item.status === 'done' || item.status === 'failed') return item;
  return { ...item, ...live };
}
