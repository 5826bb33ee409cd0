import { Zip, ZipDeflate } from 'fflate';

/** A worksheet cell: numbers stay numbers (a spreadsheet can plot them), nothing is an empty cell. */
export type SheetValue = number | string | null;

export interface Sheet {
  name: string;
  rows: Iterable<readonly SheetValue[]> | AsyncIterable<readonly SheetValue[]>;
  /** Keep the first row in view while scrolling (a table's header). */
  freezeHeader?: boolean;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const ROWS_PER_PUSH = 500;

/**
 * An .xlsx workbook (Office Open XML, ECMA-376) written as a stream: each sheet's XML is
 * deflated into the zip as its rows arrive, so memory holds a few hundred rows, never the book.
 * Written here (on fflate's streaming zip) rather than with ExcelJS: a table of numbers and
 * texts needs four small XML parts, and ExcelJS brings ~23 MB and nine dependencies (measured).
 * Texts are inline strings (no shared-string table to hold in memory).
 */
export async function* xlsxStream(
  sheets: Iterable<Sheet> | AsyncIterable<Sheet>,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const drain = function* (): Generator<Uint8Array> {
    if (failure) throw failure;
    yield* out.splice(0);
  };
  const add = (path: string, text: string) => {
    const part = new ZipDeflate(path, { level: 6 });
    zip.add(part);
    part.push(new TextEncoder().encode(text), true);
  };

  const names: string[] = [];
  for await (const sheet of sheets) {
    names.push(uniqueSheetName(sheet.name, names));
    const part = new ZipDeflate(`xl/worksheets/sheet${names.length}.xml`, { level: 6 });
    zip.add(part);
    const encoder = new TextEncoder();
    let text = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}">${sheet.freezeHeader ? FROZEN_HEADER : ''}<sheetData>`;
    let row = 0;
    for await (const values of sheet.rows) {
      row += 1;
      text += rowXml(row, values);
      if (row % ROWS_PER_PUSH === 0) {
        part.push(encoder.encode(text));
        text = '';
        yield* drain();
      }
    }
    part.push(encoder.encode(`${text}</sheetData></worksheet>`), true);
    yield* drain();
  }
  if (names.length === 0) throw new Error('a workbook needs at least one sheet');

  add('[Content_Types].xml', contentTypes(names.length));
  add('_rels/.rels', rels([['officeDocument', 'xl/workbook.xml']]));
  add(
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${names
      .map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  add('xl/_rels/workbook.xml.rels', rels(names.map((_, i) => ['worksheet', `worksheets/sheet${i + 1}.xml`])));
  zip.end();
  yield* drain();
}

const FROZEN_HEADER =
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';

function rowXml(row: number, values: readonly SheetValue[]): string {
  let cells = '';
  values.forEach((value, i) => {
    const ref = `${columnLetters(i)}${row}`;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) cells += `<c r="${ref}"><v>${value}</v></c>`;
    } else if (value !== null && value !== '')
      cells += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  });
  return `<row r="${row}">${cells}</row>`;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Escapes markup and drops what XML 1.0 cannot carry at all (C0 controls but tab and newlines). */
function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
  );
}

/** Excel's rules: 1–31 characters, none of `[]:*?/\`, not starting or ending with `'`, unique ignoring case. */
export function uniqueSheetName(wanted: string, taken: readonly string[]): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, 31) || 'Sheet';
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  let name = base;
  for (let n = 2; lower.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 31 - `~${n}`.length)}~${n}`;
  return name;
}

function rels(targets: [string, string][]): string {
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${targets
    .map(
      ([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/${type}" Target="${target}"/>`,
    )
    .join('')}</Relationships>`;
}

function contentTypes(sheets: number): string {
  const sheetTypes = Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    `${sheetTypes}</Types>`
  );
}
