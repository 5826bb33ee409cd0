import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * What the harvester has uploaded, per file, so a restart uploads nothing twice: the bytes'
 * SHA-256, the server's file id (a grown file's next version replaces it) and the size and
 * modification time it had.
 *
 * A JSON file, written whole and atomically (a temporary file in the same folder, flushed to disk,
 * then renamed over the old one — atomic on NTFS and POSIX file systems), so a crash or a power
 * cut leaves the old state or the new, never half of one. Not SQLite: better-sqlite3 is a native
 * module (a compiler or a prebuilt binary per platform on the cycler PC), and `node:sqlite` needs
 * Node ≥ 22.5 while BatteryDB supports Node 20. The state is one entry per watched file — a few
 * thousand at most — so rewriting it after each upload costs milliseconds.
 */
export interface FileState {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly experiment: number;
  /** The server's id of the version last uploaded; null when the server refused the file. */
  readonly fileId: number | null;
  /** Why the server refused these bytes (a broken file): not tried again until they change. */
  readonly refused?: string;
  readonly at: string;
}

interface StateFile {
  version: 1;
  files: Record<string, FileState>;
}

export class StateStore {
  private constructor(
    private readonly file: string,
    private readonly state: StateFile,
  ) {}

  static async open(file: string): Promise<StateStore> {
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as StateFile;
      if (parsed.version !== 1 || typeof parsed.files !== 'object') throw new Error('unknown layout');
      return new StateStore(file, parsed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return new StateStore(file, { version: 1, files: {} });
      throw new Error(
        `the state file ${file} cannot be read (${(error as Error).message}); move it away to start afresh`,
      );
    }
  }

  get(key: string): FileState | undefined {
    return this.state.files[key];
  }

  async set(key: string, value: FileState): Promise<void> {
    this.state.files[key] = value;
    await this.save();
  }

  private async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(this.state, null, 1));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
