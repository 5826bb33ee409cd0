import { CyclerParseError, locate } from '../cycler-parse-error.ts';
import type { Row } from './cell-reader.ts';
import type { Column } from './header-columns.ts';

/**
 * Durations as cyclers print them: "144:02:18" (Neware; hours run past 24), "0:00:10.500"
 * (Neware BTS h:min:s.ms), "1-02:03:04" (days-h:m:s), or plain seconds.
 * Returns seconds, or undefined when the text is none of these.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const match = /^(?:(\d+)-)?(\d+):(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$/.exec(trimmed);
  if (match !== null) {
    const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
    return (
      Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds.replace(',', '.'))
    );
  }
  if (trimmed === '') return undefined;
  const plain = Number(trimmed);
  return Number.isFinite(plain) ? plain : undefined;
}

/** A required duration cell, in seconds; anything else is a parse error naming line and column. */
export function requiredDuration(row: Row, column: Column): number {
  const raw = row.fields[column.index] ?? '';
  const seconds = parseDuration(raw);
  if (seconds !== undefined) return seconds;
  throw new CyclerParseError(
    `${locate(row.line, column.name)}"${raw.slice(0, 40)}" is not a duration like 12:34:56.`,
    {
      reason: raw.trim() === '' ? 'missing-value' : 'not-a-number',
      line: row.line,
      column: column.name,
    },
  );
}
