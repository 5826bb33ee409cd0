/**
 * An async lock handed over in arrival order. SQLite has one writer per database file; inside
 * a process every write queues here, so a short write that arrives while an import writes its
 * samples runs right after the import's current chunk instead of racing it for the file lock
 * (whose busy wait would block the whole event loop: better-sqlite3 is synchronous).
 */
export class FifoLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Resolves when the caller holds the lock; every acquire needs exactly one release. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Passes the lock straight to the longest waiter, so nobody can cut in between. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }

  /** Callers waiting right now (for tests and diagnostics). */
  get queued(): number {
    return this.#waiting.length;
  }
}
