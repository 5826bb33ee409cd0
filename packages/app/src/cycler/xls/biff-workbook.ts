import { BIFF, biffRecords, decodeRk } from './biff-records.ts';
import { readRecordString, readSharedStrings, readShortString } from './biff-strings.ts';

export type Cell = string | number | null;

export interface BiffSheet {
  name: string;
  /** Offset of the sheet's BOF record in the workbook stream. */
  offset: number;
}

export interface BiffWorkbook {
  sheets: BiffSheet[];
  strings: string[];
  stream: Buffer;
}

/**
 * Reads the workbook globals of a BIFF8 stream: the sheet list and the shared string table.
 * Only what a cycler export needs is decoded: text and numbers of cells, no styles or formulas'
 * expressions (a formula's cached value is read).
 */
export function readBiffWorkbook(stream: Buffer): BiffWorkbook {
  const sheets: BiffSheet[] = [];
  let sst: Buffer[] | null = null;
  let inSst = false;
  for (const record of biffRecords(stream)) {
    if (record.type === BIFF.EOF) break;
    if (record.type === BIFF.BOUNDSHEET && record.data.length >= 8) {
      const kind = record.data.readUInt8(5); // 0 = worksheet
      if (kind === 0)
        sheets.push({ offset: record.data.readUInt32LE(0), name: readShortString(record.data, 6) });
    }
    if (record.type === BIFF.SST) {
      sst = [record.data];
      inSst = true;
    } else if (record.type === BIFF.CONTINUE && inSst && sst !== null) {
      sst.push(record.data);
    } else {
      inSst = false;
    }
  }
  return { sheets, strings: sst === null ? [] : readSharedStrings(sst), stream };
}

/**
 * The rows of one sheet in order, as dense arrays from column 0 (empty cells are null), with their
 * 0-based row index. Rows are produced one at a time, so a large sheet is never held as a grid.
 */
export function* sheetRows(
  book: BiffWorkbook,
  sheet: BiffSheet,
): Generator<{ index: number; cells: Cell[] }> {
  let rowIndex = -1;
  let cells: Cell[] = [];
  let pendingFormula: { row: number; col: number } | null = null;
  const put = (row: number, col: number, value: Cell): { index: number; cells: Cell[] } | null => {
    let finished: { index: number; cells: Cell[] } | null = null;
    if (row !== rowIndex) {
      if (rowIndex >= 0) finished = { index: rowIndex, cells };
      rowIndex = row;
      cells = [];
    }
    while (cells.length < col) cells.push(null);
    cells[col] = value;
    return finished;
  };

  let first = true;
  for (const { type, data } of biffRecords(book.stream, sheet.offset)) {
    if (first) {
      first = false;
      if (type !== BIFF.BOF) return;
      continue;
    }
    if (type === BIFF.EOF) break;
    const finished: ({ index: number; cells: Cell[] } | null)[] = [];
    const row = data.length >= 4 ? data.readUInt16LE(0) : 0;
    const col = data.length >= 4 ? data.readUInt16LE(2) : 0;
    switch (type) {
      case BIFF.NUMBER:
        finished.push(put(row, col, data.readDoubleLE(6)));
        break;
      case BIFF.RK:
        finished.push(put(row, col, decodeRk(data.readInt32LE(6))));
        break;
      case BIFF.MULRK: {
        const count = (data.length - 6) / 6;
        for (let i = 0; i < count; i += 1)
          finished.push(put(row, col + i, decodeRk(data.readInt32LE(4 + 6 * i + 2))));
        break;
      }
      case BIFF.LABELSST:
        finished.push(put(row, col, book.strings[data.readUInt32LE(6)] ?? ''));
        break;
      case BIFF.LABEL:
        finished.push(put(row, col, readRecordString(data, 6)));
        break;
      case BIFF.FORMULA:
        // A cached number, unless the top two bytes are 0xFFFF (string, boolean or error result).
        if (data.readUInt16LE(12) !== 0xffff) finished.push(put(row, col, data.readDoubleLE(6)));
        else if (data.readUInt8(6) === 0) pendingFormula = { row, col };
        break;
      case BIFF.STRING:
        if (pendingFormula !== null)
          finished.push(put(pendingFormula.row, pendingFormula.col, readRecordString(data, 0)));
        pendingFormula = null;
        break;
      default:
        break;
    }
    for (const done of finished) if (done !== null) yield done;
  }
  if (rowIndex >= 0) yield { index: rowIndex, cells };
}
