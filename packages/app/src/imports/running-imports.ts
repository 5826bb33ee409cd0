import type { ImportStatus } from '../db/schema.ts';
import type { ImportCounters } from './import-records.ts';

/** An import running in this process: its freshest counters and the means to stop it. */
export interface RunningImport {
  live: ImportCounters & { status: ImportStatus };
  controller: AbortController;
}

const running = new Map<number, RunningImport>();

/** Registers an import as running here; `end` forgets it (in a `finally`). */
export function startRunning(id: number, live: RunningImport['live']): RunningImport & { end(): void } {
  const entry = { live, controller: new AbortController() };
  running.set(id, entry);
  return { ...entry, end: () => void running.delete(id) };
}

export function runningHere(id: number): RunningImport | undefined {
  return running.get(id);
}

/**
 * Stops every import of this process (shutdown): each one's next step throws `reason`, and the
 * import leaves its record failed, retryable when its file was stored in full. Returns how many.
 */
export function stopRunningImports(reason: Error): number {
  for (const entry of running.values()) entry.controller.abort(reason);
  return running.size;
}
