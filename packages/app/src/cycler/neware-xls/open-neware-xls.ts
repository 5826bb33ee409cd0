import { CyclerParseError } from '../cycler-parse-error.ts';
import type { CyclerPoint } from '../cycler-types.ts';
import type { ParseStats, TimeSeriesFile } from '../parsed-cycler-file.ts';
import { CellReader, type Row } from '../tabular/cell-reader.ts';
import { HeaderColumns } from '../tabular/header-columns.ts';
import { inBatches, mapBatches } from '../tabular/map-batches.ts';
import { sheetRows, type BiffWorkbook, type Cell } from '../xls/biff-workbook.ts';
import { readXls } from '../xls/read-xls.ts';
import { ColumnMapper } from '../mapping/row-mapper.ts';
import { NEWARE_DETAIL_COLUMNS } from './neware-detail-columns.ts';

/**
 * Opens a Neware BTS 7 Excel export (.xls, BIFF8). The time series is in the "Detail_…" sheet(s)
 * (a long test is split over several); "Info" holds free-form metadata. The per-cycle "Cycle_…"
 * sheet is the cycler's own summary and is not imported: we recompute cycles from the points
 * like for every other format (the tests check both agree).
 */
export function openNewareXls(
  file: Buffer,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): TimeSeriesFile {
  const book = readXls(file);
  const details = book.sheets.filter((s) => /^detail/i.test(s.name));
  const first = details[0];
  if (first === undefined) {
    throw new CyclerParseError(
      `This Excel workbook has no "Detail" sheet, so it is not a Neware BTS export we can read ` +
        `(its sheets are: ${book.sheets.map((s) => s.name).join(', ')}).`,
      { reason: 'unrecognised-format' },
    );
  }
  const headerRow = sheetRows(book, first).next();
  if (headerRow.done === true)
    throw new CyclerParseError(`The sheet "${first.name}" is empty.`, { reason: 'no-data' });
  const header = headerRow.value.cells.map(text);
  const columns = new HeaderColumns(header, headerRow.value.index + 1);
  const mapper = new ColumnMapper(NEWARE_DETAIL_COLUMNS, columns, new CellReader({ decimalComma: false }));

  const headerKey = header.join('\t');
  function* rows(): Generator<Row> {
    for (const sheet of details) {
      for (const { index, cells } of sheetRows(book, sheet)) {
        const fields = cells.map(text);
        // Each Detail sheet starts with the column names.
        if (fields.join('\t') === headerKey) continue;
        yield { fields, line: index + 1 };
      }
    }
  }
  const batches: AsyncIterable<CyclerPoint[]> = mapBatches(
    inBatches(rows(), options.batchSize),
    mapper,
    stats,
    options.report,
  );
  return { kind: 'time-series', format: 'neware-xls', metadata: infoMetadata(book), stats, batches };
}

function text(cell: Cell): string {
  return cell === null ? '' : String(cell);
}

/**
 * The Info sheet: lines like "Cycle Mode:Charge First", pairs like ["Process Name:", "RR"], and a
 * row of names followed by a row of values (Equipment, Unit, Channel, Start time, Remark…).
 */
function infoMetadata(book: BiffWorkbook): Record<string, string> {
  const info = book.sheets.find((s) => /^info/i.test(s.name));
  const metadata: Record<string, string> = {};
  if (info === undefined) return metadata;
  const rows = [...sheetRows(book, info)].slice(0, 50).map((r) => r.cells.map(text));
  for (const [i, cells] of rows.entries()) {
    const next = rows[i + 1];
    if (
      cells.length >= 3 &&
      next !== undefined &&
      next.length >= 2 &&
      cells.every((cell) => Number.isNaN(Number(cell)))
    ) {
      cells.forEach((name, j) => {
        const value = next[j] ?? '';
        if (name !== '' && value !== '') metadata[`neware.${name}`] = value;
      });
    } else if (cells.length === 2 && (cells[0] ?? '').endsWith(':')) {
      metadata[`neware.${(cells[0] ?? '').slice(0, -1)}`] = cells[1] ?? '';
    } else {
      const pair = cells.length === 1 ? /^([A-Za-z][\w .]{1,40}):([^:]+)$/.exec(cells[0] ?? '') : null;
      if (pair?.[1] !== undefined && pair[2] !== undefined)
        metadata[`neware.${pair[1].trim()}`] = pair[2].trim();
    }
  }
  return metadata;
}
