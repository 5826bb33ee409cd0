import type { ByteSource } from './byte-source.ts';
import { CyclerParseError } from './cycler-parse-error.ts';
import type { RowShaper, TextFormat } from './formats/text-format.ts';
import { ColumnMapper } from './mapping/row-mapper.ts';
import { resolveStuckCycleCounter } from './mapping/stuck-cycle-counter.ts';
import type { ParseStats, ParsedCyclerFile } from './parsed-cycler-file.ts';
import { CellReader, type Row } from './tabular/cell-reader.ts';
import { csvRows } from './tabular/csv-rows.ts';
import { sniffDelimiter, splitHeaderLine } from './tabular/delimiter.ts';
import { HeaderColumns } from './tabular/header-columns.ts';
import { LineReader } from './tabular/line-reader.ts';
import { mapBatches } from './tabular/map-batches.ts';
import { decodeText, type TextEncodingName } from './text-encoding.ts';

/**
 * How much text may come before the column names. Bounded by characters, not lines: BioLogic's
 * header runs to ~100–200 short lines, PEC's key/value block to ~45, Novonix's to a few lines of
 * which one is its whole protocol as JSON.
 */
export const MAX_PREAMBLE_CHARS = 1024 * 1024;

/**
 * Opens a delimited-text cycler file as a stream: reads the preamble and the column names now
 * (so a missing column fails before anything is stored), and leaves the data rows to be parsed
 * batch by batch as the caller iterates. Memory stays bounded by one batch plus csv-parse's buffer.
 */
export async function openTextFile(
  source: ByteSource,
  format: TextFormat,
  encoding: TextEncodingName,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): Promise<ParsedCyclerFile> {
  const reader = new LineReader(decodeText(source.chunks(), encoding));
  const preamble: string[] = [];
  let preambleChars = 0;
  let header: { columns: HeaderColumns; delimiter: ReturnType<typeof sniffDelimiter> } | null = null;
  while (header === null && preambleChars < MAX_PREAMBLE_CHARS) {
    const line = await reader.readLine();
    if (line === null) break;
    preambleChars += line.length + 1;
    const delimiter = sniffDelimiter(line);
    const columns = new HeaderColumns(splitHeaderLine(line, delimiter), reader.linesRead);
    if (format.matchesHeader(columns)) header = { columns, delimiter };
    else preamble.push(line);
  }
  if (header === null) {
    throw new CyclerParseError(
      `No line in this file has the column names of a ${format.format} export` +
        (preamble.length === 0 ? ' (the file is empty).' : '.'),
      { reason: preamble.length === 0 ? 'empty-file' : 'unrecognised-format' },
    );
  }

  const { delimiter } = header;
  const cells = new CellReader({ decimalComma: delimiter !== ',' });
  const metadata = format.readPreamble?.(preamble) ?? {};
  const shaper =
    format.kind === 'time-series'
      ? ((await format.shapeRows?.(header.columns, () => reader.readLine())) ?? null)
      : null;
  const columns = shaper?.columns ?? header.columns;
  const rows = csvRows(reader.rest(), {
    delimiter,
    firstLine: reader.linesRead + 1,
    columnCount: shaper === null ? header.columns.names.length : (fields) => shaper.columnCount(fields),
    batchSize: options.batchSize,
  });
  switch (format.kind) {
    case 'time-series': {
      // The mapper binds its columns now: a missing required column fails before any row is read.
      const mapper = new ColumnMapper(format.columns, columns, cells);
      return {
        kind: 'time-series',
        format: format.format,
        metadata,
        stats,
        batches: mapBatches(
          resolveStuckCycleCounter(shaper === null ? rows : shapedRows(rows, shaper), mapper),
          mapper,
          stats,
          options.report,
        ),
      };
    }
    case 'cycle-summary':
      return {
        kind: 'cycle-summary',
        format: format.format,
        metadata,
        stats,
        summaries: mapBatches(rows, format.bind(columns, cells), stats, options.report),
      };
  }
}

/** Rows of a multi-level layout made flat; context rows (cycle, step) are consumed, not counted. */
async function* shapedRows(rows: AsyncIterable<Row[]>, shaper: RowShaper): AsyncGenerator<Row[]> {
  for await (const batch of rows) {
    const shaped: Row[] = [];
    for (const row of batch) {
      const flat = shaper.reshape(row);
      if (flat !== null) shaped.push(flat);
    }
    if (shaped.length > 0) yield shaped;
  }
}
