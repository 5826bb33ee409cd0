import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { UploadFormError, UploadInterruptedError, UploadTooLargeError } from './upload-errors.ts';

/** An upload received in full: on local disk, with its size and SHA-256. */
export interface SpooledUpload {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** Deletes the temporary copy; safe to call twice. */
  remove(): Promise<void>;
}

export interface SpoolOptions {
  maxBytes: number;
  /** Called as bytes arrive (progress). */
  onBytes?: (received: number) => Promise<void>;
  /** True when the source itself cut the stream at its limit (busboy's `truncated`). */
  truncated?: () => boolean;
  /** Aborted at shutdown: receiving stops at once with the signal's reason. */
  signal?: AbortSignal;
}

/** Rejects with the signal's reason when it is aborted; `stop` detaches the listener. */
function abortion(signal: AbortSignal | undefined): { promise: Promise<never> | null; stop(): void } {
  if (!signal) return { promise: null, stop: () => undefined };
  let onAbort = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, stop: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Receives an upload into a temporary file, hashing and counting as it comes, before anything
 * is parsed or stored. Why not parse straight from the network: the import then holds its
 * database transaction (and on SQLite the single write lock) only for the parse and the inserts,
 * never for the time a slow client takes to send the file; and memory stays one network chunk.
 */
export async function spoolUpload(
  input: AsyncIterable<Buffer | Uint8Array>,
  options: SpoolOptions,
): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'batterydb-upload-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload');
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let size = 0;
  const pieces = input[Symbol.asyncIterator]();
  const aborted = abortion(options.signal);
  try {
    for (;;) {
      const pending = pieces.next().catch((error: unknown) => {
        // The source refused the form (several files, an unknown field): say so as it is.
        if (error instanceof UploadFormError) throw error;
        // The source failed, not us: the client went away or the multipart body was cut short.
        throw new UploadInterruptedError(error);
      });
      const next = await (aborted.promise ? Promise.race([pending, aborted.promise]) : pending);
      if (next.done === true) break;
      const piece = next.value;
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      size += chunk.length;
      if (size > options.maxBytes || options.truncated?.() === true)
        throw new UploadTooLargeError(options.maxBytes);
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      await options.onBytes?.(size);
    }
    if (options.truncated?.() === true) throw new UploadTooLargeError(options.maxBytes);
    out.end();
    await once(out, 'finish');
    return { path, sizeBytes: size, sha256: hash.digest('hex'), remove };
  } catch (error) {
    // Not awaited: a stalled client (or a shutdown) would keep it from ever settling.
    pieces.return?.().catch(() => undefined);
    // A write may still be in flight (the form was refused right after the file's last bytes):
    // the copy is being thrown away, so its late "destroyed" error is no one's to hear.
    out.on('error', () => undefined);
    out.destroy();
    await remove();
    throw error;
  } finally {
    aborted.stop();
  }
}
