import { CyclerParseError } from '../cycler-parse-error.ts';
import { ColumnMapper } from '../mapping/row-mapper.ts';
import type { ParseStats, TimeSeriesFile } from '../parsed-cycler-file.ts';
import { CellReader, type Row } from '../tabular/cell-reader.ts';
import { HeaderColumns } from '../tabular/header-columns.ts';
import { mapBatches } from '../tabular/map-batches.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';
import { WORKBOOK_FORMATS, type WorkbookFormat } from './workbook-formats.ts';
import { readXlsxWorkbook, type XlsxSheet, type XlsxWorkbook } from './xlsx-workbook.ts';
import { sheetRows } from './sheet-rows.ts';

/**
 * Opens an .xlsx cycler export (already in memory, like every container): vets the ZIP, reads the
 * sheet list and shared strings, finds the data sheets by their first row, and streams their rows
 * through the format's ColumnMap batch by batch as the caller iterates.
 */
export async function openXlsx(
  archive: ZipArchive,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): Promise<TimeSeriesFile> {
  try {
    const book = await readXlsxWorkbook(archive);
    const found = await findDataSheets(book);
    const columns = new HeaderColumns(found.header.fields, found.header.line);
    const mapper = new ColumnMapper(found.format.columns, columns, new CellReader({ decimalComma: false }));
    const batches = mapBatches(
      inBatches(dataRows(book, found.sheets, found.header.fields.join('\t')), options.batchSize),
      mapper,
      stats,
      options.report,
    );
    const metadata: Record<string, string> = { 'xlsx.sheets': book.sheets.map((s) => s.name).join(', ') };
    return {
      kind: 'time-series',
      format: found.format.format,
      metadata,
      stats,
      batches: closing(batches, archive),
    };
  } catch (error) {
    archive.close();
    throw error;
  }
}

async function findDataSheets(
  book: XlsxWorkbook,
): Promise<{ format: WorkbookFormat; sheets: XlsxSheet[]; header: Row }> {
  for (const sheet of book.sheets) {
    const header = await firstRow(book, sheet);
    if (header === null) continue;
    const columns = new HeaderColumns(header.fields, header.line);
    const format = WORKBOOK_FORMATS.find((f) => f.isDataSheet(sheet.name, columns));
    if (format === undefined) continue;
    // The rest of the layout's data sheets follow with the same columns (Arbin's Channel_1_1, _2…).
    const sheets: XlsxSheet[] = [];
    for (const other of book.sheets.slice(book.sheets.indexOf(sheet))) {
      const first = other === sheet ? header : await firstRow(book, other);
      if (first !== null && format.isDataSheet(other.name, new HeaderColumns(first.fields)))
        sheets.push(other);
    }
    return { format, sheets, header };
  }
  throw new CyclerParseError(
    'This Excel workbook has no sheet of cycler samples we recognise (an Arbin "Channel" sheet or a LANHE ' +
      `record sheet); its sheets are: ${book.sheets.map((s) => s.name).join(', ') || 'none'}.`,
    { reason: 'unrecognised-format' },
  );
}

async function firstRow(book: XlsxWorkbook, sheet: XlsxSheet): Promise<Row | null> {
  for await (const rows of sheetRows(book, sheet)) {
    const first = rows[0];
    if (first !== undefined) return first;
  }
  return null;
}

/** Every data sheet's rows after its header row, in order. */
async function* dataRows(book: XlsxWorkbook, sheets: XlsxSheet[], headerKey: string): AsyncGenerator<Row> {
  for (const sheet of sheets) {
    let first = true;
    for await (const rows of sheetRows(book, sheet)) {
      for (const row of rows) {
        if (first) {
          first = false;
          if (row.fields.join('\t') === headerKey) continue;
        }
        if (row.fields.every((f) => f === '')) continue;
        yield row;
      }
    }
  }
}

async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Releases the archive once the batches are consumed or abandoned. */
async function* closing<T>(batches: AsyncIterable<T>, archive: ZipArchive): AsyncGenerator<T> {
  try {
    yield* batches;
  } finally {
    archive.close();
  }
}
