import type { Kysely } from 'kysely';
import type { Database, ImportStatus } from '../db/schema.ts';
import { type ImportCounters, type ImportItem, saveImportProgress } from './import-records.ts';

interface Live extends ImportCounters {
  status: ImportStatus;
}

/** This process's running imports. */
const running = new Map<number, Live>();

const PERSIST_EVERY_MS = 1000;

/**
 * An import's progress: kept in memory for this process, and written to its `data_import` row
 * at most once a second when `persist` is on (PostgreSQL: another process behind the load
 * balancer may be asked). On SQLite it is not written while the import runs, because the
 * import's transaction holds the database's only write lock: readers in this process see the
 * memory instead (SQLite deployments are one process).
 */
export class ImportProgress {
  readonly #db: Kysely<Database>;
  readonly #id: number;
  readonly #persist: boolean;
  readonly #live: Live;
  #savedAt = 0;

  constructor(db: Kysely<Database>, id: number, options: { persist: boolean }) {
    this.#db = db;
    this.#id = id;
    this.#persist = options.persist;
    this.#live = { status: 'receiving', bytesReceived: 0, bytesParsed: 0, rows: 0, points: 0, format: null };
    running.set(id, this.#live);
  }

  get counters(): ImportCounters {
    const { bytesReceived, bytesParsed, rows, points, format } = this.#live;
    return { bytesReceived, bytesParsed, rows, points, format };
  }

  /**
   * Updates the counters; when persisting, writes them out once a second has passed, or at once
   * with `save` (a phase change).
   */
  async report(patch: Partial<Live>, options: { save?: boolean } = {}): Promise<void> {
    Object.assign(this.#live, patch);
    const now = Date.now();
    if (!this.#persist || (!options.save && now - this.#savedAt < PERSIST_EVERY_MS)) return;
    this.#savedAt = now;
    await saveImportProgress(this.#db, this.#id, this.#live.status, this.counters, now);
  }

  end(): void {
    running.delete(this.#id);
  }
}

/** A stored import record with this process's fresher counters, when it is running here. */
export function withLiveProgress(item: ImportItem): ImportItem {
  const live = running.get(item.id);
  if (live === undefined || item.status === 'done' || item.status === 'failed') return item;
  return { ...item, ...live };
}
