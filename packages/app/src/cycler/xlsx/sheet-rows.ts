import { CyclerParseError } from '../cycler-parse-error.ts';
import type { Row } from '../tabular/cell-reader.ts';
import { MAX_CELL_CHARS, type XlsxSheet, type XlsxWorkbook } from './xlsx-workbook.ts';
import { readXml } from './xml-reader.ts';

/** Excel's widest sheet (column XFD). */
const MAX_COLUMNS = 16_384;

/**
 * The rows of one sheet as text fields from column A (empty cells are ''), streamed: the sheet
 * part is inflated and parsed chunk by chunk, so memory holds one chunk's rows whatever the size.
 * Cells are read as Excel stored them: numbers as written, shared and inline strings as text,
 * booleans as 1/0, errors as missing. A formula is never evaluated: its cached value is the cell
 * (a formula without one is an empty cell), and its text is not even kept, so neither a huge nor
 * a deeply nested formula costs anything ("formula bombs"). `line` is the sheet's row number.
 */
export async function* sheetRows(book: XlsxWorkbook, sheet: XlsxSheet): AsyncGenerator<Row[]> {
  const what = `The sheet "${sheet.name}"`;
  let rows: Row[] = [];
  let fields: string[] | null = null;
  let rowNumber = 0;
  let column = 0;
  let type = 'n';
  let value: string | null = null;
  let capture = false;

  const handlers = {
    open(tag: { name: string; attributes: Record<string, string> }) {
      switch (tag.name) {
        case 'row':
          rowNumber = Number(tag.attributes.r ?? rowNumber + 1);
          fields = [];
          column = 0;
          break;
        case 'c':
          column = tag.attributes.r === undefined ? column : columnIndex(tag.attributes.r, rowNumber, sheet);
          type = tag.attributes.t ?? 'n';
          value = null;
          break;
        case 'v':
        case 't':
          capture = true;
          value ??= '';
          break;
        default:
          break;
      }
    },
    close(name: string) {
      if (name === 'v' || name === 't') capture = false;
      else if (name === 'c' && fields !== null) {
        while (fields.length < column) fields.push('');
        fields[column] = cellText(book, type, value);
        column += 1;
      } else if (name === 'row' && fields !== null) {
        rows.push({ fields, line: rowNumber });
        fields = null;
      }
    },
    text(text: string) {
      if (!capture || value === null) return;
      if (value.length + text.length > MAX_CELL_CHARS)
        throw new CyclerParseError(
          `${what}, row ${rowNumber}: a cell holds more than ${MAX_CELL_CHARS.toLocaleString('en')} characters, ` +
            "Excel's own limit; the workbook was not written by Excel or a cycler.",
          { reason: 'unsafe-container', line: rowNumber },
        );
      value += text;
    },
  };
  const drain = (): Row[] => {
    const done = rows;
    rows = [];
    return done;
  };
  try {
    yield* readXml(await book.archive.stream(sheet.part), handlers, drain, what);
  } catch (error) {
    if (error instanceof CyclerParseError) {
      error.line ??= rowNumber + 1;
      throw error;
    }
    // zlib's "unexpected end of file" is a cut; anything else (a CRC or size mismatch) is damage.
    const cut = error instanceof Error && /unexpected end/i.test(error.message);
    throw new CyclerParseError(
      `${what} ${cut ? 'stops in the middle' : 'is damaged'} after row ${rowNumber.toLocaleString('en')} ` +
        `(${error instanceof Error ? error.message : String(error)}): the workbook is damaged or truncated.`,
      { reason: cut ? 'truncated' : 'damaged-container', line: rowNumber + 1 },
    );
  }
}

function cellText(book: XlsxWorkbook, type: string, value: string | null): string {
  if (value === null) return '';
  switch (type) {
    case 's':
      return book.strings[Number(value)] ?? '';
    case 'e':
      return '';
    default:
      // 'n', 'str' (a formula's text result), 'inlineStr', 'b' (1/0), 'd' (ISO date text).
      return value;
  }
}

/** "AB12" → 27; a reference past column XFD is refused (a row of 10⁹ cells would be a bomb). */
function columnIndex(reference: string, row: number, sheet: XlsxSheet): number {
  let index = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  if (index < 1 || index > MAX_COLUMNS)
    throw new CyclerParseError(
      `The sheet "${sheet.name}", row ${row}: the cell reference "${reference.slice(0, 20)}" is outside Excel's columns A–XFD.`,
      { reason: 'unsafe-container', line: row },
    );
  return index - 1;
}
