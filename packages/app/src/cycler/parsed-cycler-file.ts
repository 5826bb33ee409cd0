import type { SavedColumnMapping } from './mapping/user-mapping.ts';
import type { TextEncodingName } from './text-encoding.ts';
import type {
  CycleSummary,
  CycleSummaryFormat,
  CyclerFormat,
  CyclerPoint,
  TimeSeriesFormat,
} from './cycler-types.ts';

/** Counts that grow while the batches are consumed (final once iteration has ended). */
export interface ParseStats {
  /** Bytes pulled from the input so far. */
  bytes: number;
  /** Data rows read (header and preamble lines excluded). */
  rows: number;
  /** Rows that are not cycling samples and were dropped (batterydata EIS rows). */
  skippedRows: number;
}

export interface ParseProgress {
  bytes: number;
  rows: number;
}

export interface ParseOptions {
  /** Skip detection and read the content as this format (its header is still checked). */
  format?: CyclerFormat;
  /** The text's encoding when the caller knows it; detected otherwise (text-encoding.ts). */
  encoding?: TextEncodingName;
  /**
   * The same bytes as the input stream, as a file on disk (the import's spooled upload). ZIP
   * containers (.xlsx, .ndax) are then read from it by offset instead of being buffered, so a
   * 200 MB workbook costs no 200 MB of memory.
   */
  file?: string;
  /**
   * Read the file with this saved column mapping (an upload named it): the file's column names
   * must be those the mapping was made for.
   */
  columnMapping?: SavedColumnMapping;
  /**
   * The saved mapping for a header signature, if any: a table in no layout we read is then read
   * with it; with none found it fails as `unknown-layout` (its file is worth keeping for a mapping).
   * Without this option such a file is simply `unrecognised-format`.
   */
  findMapping?: (signature: string) => Promise<SavedColumnMapping | undefined>;
  /** Points per batch (default 5,000). */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: ParseProgress) => void;
}

interface ParsedBase {
  metadata: Record<string, string>;
  readonly stats: Readonly<ParseStats>;
}

/** A time series: consume `batches` once, in order. */
export interface TimeSeriesFile extends ParsedBase {
  kind: 'time-series';
  format: TimeSeriesFormat;
  batches: AsyncIterable<CyclerPoint[]>;
}

/** A per-cycle file (batterydata summary): no samples, the cycles themselves. Consume once. */
export interface CycleSummaryFile extends ParsedBase {
  kind: 'cycle-summary';
  format: CycleSummaryFormat;
  summaries: AsyncIterable<CycleSummary[]>;
}

export type ParsedCyclerFile = TimeSeriesFile | CycleSummaryFile;

export const DEFAULT_BATCH_SIZE = 5000;
