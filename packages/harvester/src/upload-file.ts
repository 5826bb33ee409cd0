import { openAsBlob } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { Config } from './config.ts';

/** The server's answer to one upload, reduced to what the harvester acts on. */
export type UploadOutcome =
  | { kind: 'stored'; fileId: number }
  /** The experiment has these bytes already (409 duplicate): nothing to send again. */
  | { kind: 'duplicate'; fileId: number | null }
  /** A refusal that sending again will not change (a broken file, 403, 404, …). */
  | { kind: 'refused'; status: number; reason: string }
  /** The server could not be reached, or answered 429/503/5xx every time: try at the next poll. */
  | { kind: 'unavailable'; reason: string };

const RETRYABLE = new Set([429, 502, 503, 504]);
const ATTEMPTS = 6;

/**
 * Uploads one file as `POST /api/experiments/:id/files` (multipart, field `file`), streamed from
 * disk (`openAsBlob`), with `?replaces=ID` for the next version of a grown file (the server keeps
 * it in the old version's cell) or `?cellId=ID` for a first upload into the rule's cell. Network errors,
 * 429, 502, 503 and 504 are retried with exponential back-off (the server's `Retry-After` when it
 * gives one), at most {@link ATTEMPTS} times; then the file waits for the next poll.
 */
export async function uploadFile(
  config: Config,
  file: string,
  experiment: number,
  target: { replaces: number | null; cellId: number | null },
  log: (line: string) => void,
): Promise<UploadOutcome> {
  const { replaces, cellId } = target;
  const query = replaces !== null ? `?replaces=${replaces}` : cellId !== null ? `?cellId=${cellId}` : '';
  const url = `${config.server}/api/experiments/${experiment}/files${query}`;
  let wait = config.retryBaseMs;
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let response: Response;
    try {
      const form = new FormData();
      form.append('file', await openAsBlob(file), path.basename(file));
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.token}`, 'user-agent': 'batterydb-harvester' },
        body: form,
      });
    } catch (error) {
      last = `network: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`;
      log(`retry ${attempt}/${ATTEMPTS} of ${file} in ${wait} ms (${last})`);
      await sleep(wait);
      wait = Math.min(wait * 2, config.retryMaxMs);
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as {
      file?: { id?: number };
      detail?: string;
      reason?: string;
      existingFileId?: number;
    };
    if (response.status === 201 && typeof body.file?.id === 'number')
      return { kind: 'stored', fileId: body.file.id };
    if (response.status === 409 && body.reason === 'duplicate')
      return {
        kind: 'duplicate',
        fileId: typeof body.existingFileId === 'number' ? body.existingFileId : null,
      };
    if (!RETRYABLE.has(response.status))
      return { kind: 'refused', status: response.status, reason: body.detail ?? response.statusText };
    last = `HTTP ${response.status}`;
    const retryAfter = Number(response.headers.get('retry-after'));
    const delay =
      Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, config.retryMaxMs) : wait;
    log(`retry ${attempt}/${ATTEMPTS} of ${file} in ${delay} ms (${last})`);
    await sleep(delay);
    wait = Math.min(wait * 2, config.retryMaxMs);
  }
  return { kind: 'unavailable', reason: last };
}
