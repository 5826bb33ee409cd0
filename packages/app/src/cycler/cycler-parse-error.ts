/**
 * The one error a cycler import raises for bad input. Its message is written for the scientist who
 * uploaded the file (it names the line and the column); `reason` is for code that wants to branch.
 * The HTTP edge maps `code` to a 4xx answer; nothing here knows about HTTP.
 */
export type CyclerParseErrorReason =
  | 'empty-file'
  | 'unrecognised-format'
  /** A table in no layout we read: its file is kept, and a column mapping imports it. */
  | 'unknown-layout'
  /** The upload named a column mapping made for other column names. */
  | 'mapping-mismatch'
  | 'unsupported-encoding'
  | 'missing-column'
  | 'ragged-row'
  | 'truncated'
  | 'not-a-number'
  | 'missing-value'
  | 'no-data'
  | 'too-large'
  | 'line-too-long'
  | 'damaged-container'
  | 'unsafe-container';

export interface CyclerParseErrorDetails {
  reason: CyclerParseErrorReason;
  /** 1-based line of the file (for spreadsheets: the row of the sheet). */
  line?: number;
  /** The column's name as the file spells it. */
  column?: string;
}

export class CyclerParseError extends Error {
  readonly code = 'INVALID_CYCLER_FILE';
  readonly reason: CyclerParseErrorReason;
  line?: number;
  column?: string;

  constructor(message: string, details: CyclerParseErrorDetails) {
    super(message);
    this.name = 'CyclerParseError';
    this.reason = details.reason;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
  }
}

/** "Line 12, column "Voltage": " — the prefix every located message starts with. */
export function locate(line: number | undefined, column?: string): string {
  const parts: string[] = [];
  if (line !== undefined) parts.push(`Line ${line}`);
  if (column !== undefined) parts.push(`column "${column}"`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
