import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from './config.ts';
import { scanFolders, type Seen } from './scan-folders.ts';
import type { StateStore } from './state-store.ts';
import { findOrCreateCell } from './find-cell.ts';
import { uploadFile } from './upload-file.ts';

/** Since when a file has had its current size and modification time (in this process). */
interface Observation {
  size: number;
  mtimeMs: number;
  since: number;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/**
 * The harvester's loop. Each poll lists the claimed files; a file is **stable** once its size and
 * modification time have not changed for `stableMs` — watched across polls, or, for a file first
 * seen now (a start, `--once`), by its modification time lying that far back. A stable file whose
 * size or time differs from what was last uploaded is hashed; new bytes are uploaded — as the
 * next version of the server's file (`replaces`) when an earlier version was uploaded, which is
 * how a growing file (a test still running) is sent again after it grew. The state is written
 * after each upload, so a restart uploads nothing twice.
 */
export class Harvester {
  private readonly observed = new Map<string, Observation>();
  private stopped = false;
  /** Ends the wait between polls at once when the harvester is stopped. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: Config,
    private readonly state: StateStore,
    private readonly log: (line: string) => void,
  ) {}

  /** Polls until `stop()` (or once, with `config.once`). */
  async run(): Promise<void> {
    do {
      await this.poll();
      if (this.config.once || this.stopped) break;
      await sleep(this.config.pollMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    } while (!this.stopped);
  }

  /** Ends the loop after the current file (SIGTERM, SIGINT, Ctrl+C on Windows). */
  stop(): void {
    this.stopped = true;
    this.stopping.abort();
  }

  async poll(): Promise<void> {
    const now = Date.now();
    for (const seen of await scanFolders(this.config.folders, this.log)) {
      if (this.stopped) return;
      if (this.isStable(seen, now)) await this.consider(seen);
    }
  }

  private isStable(seen: Seen, now: number): boolean {
    const before = this.observed.get(seen.file);
    if (!before || before.size !== seen.size || before.mtimeMs !== seen.mtimeMs) {
      // First seen (or changed): an old enough modification time already counts as stable.
      this.observed.set(seen.file, {
        size: seen.size,
        mtimeMs: seen.mtimeMs,
        since: Math.min(now, seen.mtimeMs),
      });
    }
    return now - this.observed.get(seen.file)!.since >= this.config.stableMs;
  }

  private async consider(seen: Seen): Promise<void> {
    const known = this.state.get(seen.file);
    const { experiment } = seen.rule;
    if (
      known &&
      known.size === seen.size &&
      known.mtimeMs === seen.mtimeMs &&
      known.experiment === experiment
    )
      return;
    const sha256 = await sha256Of(seen.file);
    const record = (fileId: number | null, refused?: string) =>
      this.state.set(seen.file, {
        sha256,
        size: seen.size,
        mtimeMs: seen.mtimeMs,
        experiment,
        fileId,
        ...(refused ? { refused } : {}),
        at: new Date().toISOString(),
      });
    if (known && known.sha256 === sha256 && known.experiment === experiment) {
      await record(known.fileId, known.refused); // touched, not changed: nothing to send
      return;
    }
    // A new version of a file already on the server replaces it; after a refusal, start afresh.
    const replaces = known && known.experiment === experiment ? known.fileId : null;
    // A first upload goes into the rule's cell (found or made by label); a new version stays in
    // the cell of the version it replaces (the server sees to that). Without a cell rule, the
    // server makes a cell named after the file.
    let cellId: number | null = null;
    if (replaces === null && seen.rule.cell !== null) {
      const cell = await findOrCreateCell(this.config, experiment, seen.rule.cell);
      if (cell.kind === 'unavailable') {
        this.log(`could not upload ${seen.file} (${cell.reason}); trying again at the next poll`);
        return;
      }
      if (cell.kind === 'refused') {
        await record(null, `${cell.status}: ${cell.reason}`);
        this.log(`refused ${seen.file}: HTTP ${cell.status}: ${cell.reason}`);
        return;
      }
      cellId = cell.cellId;
    }
    const outcome = await uploadFile(this.config, seen.file, experiment, { replaces, cellId }, this.log);
    switch (outcome.kind) {
      case 'stored':
        await record(outcome.fileId);
        this.log(
          `uploaded ${seen.file} (${seen.size} bytes) to experiment ${experiment} as file ${outcome.fileId}` +
            (replaces === null ? '' : `, replacing file ${replaces}`),
        );
        return;
      case 'duplicate':
        await record(outcome.fileId ?? replaces);
        this.log(`already on the server: ${seen.file} (experiment ${experiment})`);
        return;
      case 'refused':
        await record(replaces, `${outcome.status}: ${outcome.reason}`);
        this.log(`refused ${seen.file}: HTTP ${outcome.status}: ${outcome.reason}`);
        return;
      case 'unavailable':
        this.log(`could not upload ${seen.file} (${outcome.reason}); trying again at the next poll`);
    }
  }
}
