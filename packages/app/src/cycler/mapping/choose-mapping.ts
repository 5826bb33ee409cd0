import { COLUMN_MAPPING_HINT } from '../closest-layout.ts';
import { CyclerParseError } from '../cycler-parse-error.ts';
import type { Sniffed } from '../detect-format.ts';
import type { TimeSeriesTextFormat } from '../formats/text-format.ts';
import type { ParseOptions } from '../parsed-cycler-file.ts';
import type { TextEncodingName } from '../text-encoding.ts';
import { previewTable } from './table-preview.ts';
import { mappedTextFormat } from './user-mapping.ts';

/**
 * Whether a file is read with a column mapping, and with which: the one the upload named (its
 * header must match), else for a table in no known layout the saved one for its header. Null:
 * the file is read as detected. A table with no saved mapping fails as `unknown-layout`.
 */
export async function withColumnMapping(
  head: Buffer,
  encoding: TextEncodingName,
  sniffed: Sniffed,
  options: ParseOptions,
): Promise<TimeSeriesTextFormat | null> {
  const named = options.columnMapping;
  if (named === undefined && (sniffed.kind !== 'unknown' || options.findMapping === undefined)) return null;
  const table = previewTable(head, encoding);
  if (named !== undefined) {
    if (table?.signature !== named.signature)
      throw new CyclerParseError(
        `The column mapping "${named.name}" was made for other column names than this file's` +
          (table === null ? '' : ` (line ${table.line}: ${table.columns.join(', ')})`) +
          ': upload it without naming a mapping, or map its columns anew.',
        { reason: 'mapping-mismatch', line: table?.line ?? 1 },
      );
    return mappedTextFormat(named);
  }
  if (table === null || sniffed.kind !== 'unknown') return null;
  const saved = await options.findMapping?.(table.signature);
  if (saved !== undefined) return mappedTextFormat(saved);
  throw new CyclerParseError(
    `${sniffed.description.replace(COLUMN_MAPPING_HINT, '').trim()} The file is kept: map its columns ` +
      '(which holds time, current, voltage…) to import it.',
    { reason: 'unknown-layout', line: table.line },
  );
}
