import { ConfigError } from '../../../config/database-url.ts';

/** 512 MiB: a year of 1 s sampling is ~30 M rows ≈ 3 GB of CSV, so big tests come in several files. */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 2 ** 20;

/** Room for the multipart envelope around the file (boundaries, part headers). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface UploadSettings {
  /** The largest cycler file one upload may carry (413 above it). */
  maxUploadBytes: number;
}

/** `BATTERYDB_MAX_UPLOAD_BYTES` (a positive integer), else the default. A bad value stops the start. */
export function uploadSettingsFromEnv(env: NodeJS.ProcessEnv): UploadSettings {
  const raw = env.BATTERYDB_MAX_UPLOAD_BYTES;
  if (raw === undefined || raw.trim() === '') return { maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES };
  const value = Number(raw);
  if (!/^[1-9][0-9]*$/.test(raw.trim()) || !Number.isSafeInteger(value))
    throw new ConfigError(
      `BATTERYDB_MAX_UPLOAD_BYTES must be a positive whole number of bytes, got "${raw}"`,
    );
  return { maxUploadBytes: value };
}
