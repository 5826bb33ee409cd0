import { pipeline, Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { CyclerParseError } from '../cycler-parse-error.ts';
import type { Row } from './cell-reader.ts';
import type { Delimiter } from './delimiter.ts';

export interface CsvRowsOptions {
  delimiter: Delimiter;
  /** Line number of the first line of `text` in the file (the line after the header). */
  firstLine: number;
  /** Number of columns in the header; every row must have as many (a function: by the row's level). */
  columnCount: number | ((fields: readonly string[]) => number);
  batchSize: number;
}

/**
 * Streams data rows out of delimited text with csv-parse, in batches, checking that each row has
 * as many fields as the header. Line numbers count one record per line: cycler exports never put
 * line breaks inside quoted fields (a file that does gets numbers off by those breaks).
 */
export async function* csvRows(text: AsyncIterable<string>, options: CsvRowsOptions): AsyncGenerator<Row[]> {
  let endsWithLineBreak = true;
  async function* watched(): AsyncGenerator<string> {
    for await (const chunk of text) {
      endsWithLineBreak = chunk.endsWith('\n');
      yield chunk;
    }
  }

  const parser = parse({
    delimiter: options.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    // Kept so that every line is a record and the line count stays exact; blank ones are skipped below.
    skip_empty_lines: false,
  });
  // Errors of the source (a broken upload) or of the parser surface through the iteration below.
  pipeline(Readable.from(watched()), parser, () => undefined);

  let line = options.firstLine - 1;
  let batch: Row[] = [];
  let ragged: Row | null = null;
  const { columnCount } = options;
  const expected = typeof columnCount === 'number' ? () => columnCount : columnCount;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line += 1;
      if (ragged !== null) throw raggedRow(ragged, expected(ragged.fields), options.delimiter);
      if (record.length === 1 && (record[0] ?? '').trim() === '') continue;
      const row: Row = { fields: record, line };
      if (!hasColumnCount(record, expected(record))) {
        ragged = row;
        continue;
      }
      batch.push(row);
      if (batch.length >= options.batchSize) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvError) throw malformed(error, options.firstLine);
    throw error;
  }
  if (ragged !== null) {
    throw endsWithLineBreak
      ? raggedRow(ragged, expected(ragged.fields), options.delimiter)
      : truncated(ragged, expected(ragged.fields));
  }
  if (batch.length > 0) yield batch;
}

/** Exactly the header's count; extra fields are allowed only when empty (a trailing separator). */
function hasColumnCount(fields: readonly string[], count: number): boolean {
  if (fields.length === count) return true;
  if (fields.length < count) return false;
  for (let i = count; i < fields.length; i += 1) if ((fields[i] ?? '').trim() !== '') return false;
  return true;
}

function raggedRow(row: Row, count: number, delimiter: Delimiter): CyclerParseError {
  const hint =
    delimiter === ',' && row.fields.length > count
      ? ' A decimal comma (3,71) in a comma-separated file splits a value in two: export with decimal points, or separate with semicolons.'
      : '';
  return new CyclerParseError(
    `Line ${row.line}: this row has ${row.fields.length} values but the header has ${count} columns. ` +
      `Every row must have one value per column.${hint}`,
    { reason: 'ragged-row', line: row.line },
  );
}

function truncated(row: Row, count: number): CyclerParseError {
  return new CyclerParseError(
    `Line ${row.line}: the file ends in the middle of this row (${row.fields.length} of ${count} values, ` +
      'no line break). The file looks truncated — was the upload or the export cut short?',
    { reason: 'truncated', line: row.line },
  );
}

function malformed(error: CsvError, firstLine: number): CyclerParseError {
  const line = typeof error.lines === 'number' ? firstLine - 1 + error.lines : undefined;
  const where = line === undefined ? '' : `Line ${line}: `;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new CyclerParseError(`${where}a quoted value is never closed; the file looks truncated.`, {
      reason: 'truncated',
      ...(line === undefined ? {} : { line }),
    });
  }
  return new CyclerParseError(`${where}the file is not valid delimited text (${error.message}).`, {
    reason: 'ragged-row',
    ...(line === undefined ? {} : { line }),
  });
}
