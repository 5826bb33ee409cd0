import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { CyclerParseError } from '../cycler-parse-error.ts';

/**
 * Limits for ZIP containers (.xlsx workbooks, Neware .ndax). A ZIP is read by its central
 * directory (yauzl), which gives every entry's sizes before a byte is inflated, so a zip bomb is
 * refused up front rather than detected while memory fills:
 * - at most MAX_ENTRIES entries (a workbook has a dozen; an "entries" bomb has millions);
 * - an entry may expand at most MAX_RATIO times its compressed size (sheet XML of real exports
 *   is 5–12×; deflate's ceiling is ~1030×, which is what bombs use);
 * - an entry read whole into memory (shared strings, XML parts, .ndc records) is at most `limit`
 *   bytes, and the whole container's declared expansion at most MAX_TOTAL_BYTES;
 * - yauzl checks that each inflated entry has exactly its declared size, so a lying header
 *   cannot slip past the figures above.
 */
export const ZIP_LIMITS = {
  MAX_ENTRIES: 10_000,
  MAX_RATIO: 100,
  MAX_TOTAL_BYTES: 8 * 2 ** 30,
} as const;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * A ZIP container, opened from memory or, when the caller has the bytes on disk (the import
 * spools every upload), from that file: then nothing but the part being read is in memory.
 */
export class ZipArchive {
  readonly #zip: ZipFile;
  readonly #entries: Map<string, Entry>;
  /** What the file is called in messages ("This .xlsx workbook"), once known. */
  what: string;

  private constructor(zip: ZipFile, entries: Map<string, Entry>, what: string) {
    this.#zip = zip;
    this.#entries = entries;
    this.what = what;
  }

  /** Opens and vets the central directory; a truncated or hostile archive is a CyclerParseError. */
  static async open(input: Buffer | { path: string; size: number }, what: string): Promise<ZipArchive> {
    let zip: ZipFile;
    const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: false };
    try {
      zip = await new Promise<ZipFile>((resolve, reject) => {
        const done = (error: Error | null, z: ZipFile) => (error ? reject(error) : resolve(z));
        if (Buffer.isBuffer(input)) yauzl.fromBuffer(input, options, done);
        else yauzl.open(input.path, options, done);
      });
    } catch {
      const size = Buffer.isBuffer(input) ? input.length : input.size;
      throw new CyclerParseError(
        `${what} is truncated or damaged: it ends at byte ${size.toLocaleString('en')} without the ` +
          'table of contents a ZIP keeps in its last bytes (an .xlsx workbook and a Neware .ndax are ZIPs). ' +
          'Was the upload or the copy cut short?',
        { reason: 'truncated' },
      );
    }
    if (zip.entryCount > ZIP_LIMITS.MAX_ENTRIES) {
      zip.close();
      throw unsafe(`${what} holds ${zip.entryCount.toLocaleString('en')} files; a workbook has a few dozen.`);
    }
    const entries = new Map<string, Entry>();
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        try {
          vet(entry, what);
          total += entry.uncompressedSize;
          if (total > ZIP_LIMITS.MAX_TOTAL_BYTES)
            throw unsafe(`${what} would expand to more than ${ZIP_LIMITS.MAX_TOTAL_BYTES / 2 ** 30} GiB.`);
          entries.set(entry.fileName.replace(/\\/g, '/'), entry);
          zip.readEntry();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: unknown) => reject(damaged(what, error)));
      zip.readEntry();
    }).catch((error: unknown) => {
      zip.close();
      throw error;
    });
    return new ZipArchive(zip, entries, what);
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  names(): string[] {
    return [...this.#entries.keys()];
  }

  info(name: string): ZipEntryInfo | undefined {
    const entry = this.#entries.get(name);
    return (
      entry && {
        name,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
      }
    );
  }

  /** A whole entry in memory, refused past `limit` bytes (it is held, not streamed). */
  async read(name: string, limit: number): Promise<Buffer> {
    const entry = this.#require(name);
    if (entry.uncompressedSize > limit)
      throw unsafe(
        `${this.what}: its part "${name}" expands to ${mb(entry.uncompressedSize)} MB, more than the ` +
          `${mb(limit)} MB we hold in memory for it.`,
      );
    const parts: Buffer[] = [];
    for await (const chunk of await this.stream(name)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  /** An entry as a stream of inflated bytes (errors: a damaged or truncated entry). */
  async stream(name: string): Promise<Readable> {
    const entry = this.#require(name);
    try {
      return await new Promise<Readable>((resolve, reject) =>
        this.#zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
      );
    } catch (error) {
      throw damaged(this.what, error, name);
    }
  }

  close(): void {
    this.#zip.close();
  }

  #require(name: string): Entry {
    const entry = this.#entries.get(name);
    if (entry === undefined)
      throw new CyclerParseError(`${this.what} has no part "${name}".`, { reason: 'damaged-container' });
    return entry;
  }
}

function vet(entry: Entry, what: string): void {
  if (entry.isEncrypted())
    throw unsafe(`${what} is encrypted (password-protected); save it without a password.`);
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  // Small parts may compress extremely well (a sheet of blank cells); only large expansions matter.
  if (entry.uncompressedSize > 2 ** 20 && ratio > ZIP_LIMITS.MAX_RATIO) {
    throw unsafe(
      `${what}: its part "${entry.fileName}" would expand ${Math.round(ratio)} times ` +
        `(${mb(entry.compressedSize)} MB to ${mb(entry.uncompressedSize)} MB); real exports expand ` +
        `at most ~15 times, and we refuse more than ${ZIP_LIMITS.MAX_RATIO} (a "zip bomb").`,
    );
  }
}

/** A damaged entry, in words: yauzl's and zlib's messages are kept in parentheses. */
export function damaged(what: string, error: unknown, part?: string): CyclerParseError {
  return new CyclerParseError(
    `${what} is damaged or truncated${part === undefined ? '' : ` in its part "${part}"`} (${describe(error)}).`,
    { reason: 'damaged-container' },
  );
}

function unsafe(message: string): CyclerParseError {
  return new CyclerParseError(message, { reason: 'unsafe-container' });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toLocaleString('en', { maximumFractionDigits: 1 });
}
