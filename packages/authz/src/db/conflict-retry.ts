/**
 * Errors that mean "this transaction decided on data a concurrent one changed": PostgreSQL's
 * serialization failure and deadlock (SQLSTATE 40001, 40P01), and SQLite's refusal to let a
 * transaction write on a read snapshot another process's commit made stale (WAL). None of them
 * changed anything: the transaction was rolled back whole, so running it again is safe.
 */
export function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY_SNAPSHOT';
}

export interface ConflictRetryPolicy {
  /** Attempts in all, the first included (default 8). */
  readonly attempts: number;
  /** The ceiling of the wait before the second attempt; each further ceiling doubles (default 10 ms). */
  readonly baseDelayMs: number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetryPolicy = { attempts: 8, baseDelayMs: 10 };

/**
 * Runs `attempt` — a whole transaction, from BEGIN to COMMIT — again when it fails with a
 * conflict, at most `policy.attempts` times in all, waiting a random time up to a doubling
 * ceiling between attempts ("full jitter": two transactions that collided once rarely collide
 * again). Each run re-reads and re-decides; nothing from a failed run is kept (SPEC §5: a
 * conflict between independent writes is the server's problem, not the client's). The last
 * attempt's conflict is returned to the caller as it came.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  policy: ConflictRetryPolicy = DEFAULT_CONFLICT_RETRY,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.attempts || !isConflict(error)) throw error;
      const ceiling = policy.baseDelayMs * 2 ** (n - 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
