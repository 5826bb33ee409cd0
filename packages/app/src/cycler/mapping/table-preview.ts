import { sniffDelimiter, splitHeaderLine, type Delimiter } from '../tabular/delimiter.ts';
import { HeaderColumns } from '../tabular/header-columns.ts';
import { decodeHead, sniffEncoding, type TextEncodingName } from '../text-encoding.ts';
import { headerSignature } from './header-signature.ts';

/** The table a text file holds, as far as its first bytes show: what a column mapping is made on. */
export interface TablePreview {
  /** 1-based line of the column names. */
  line: number;
  delimiter: Delimiter;
  columns: string[];
  /** The first data rows as written (text, not numbers): the page shows them escaped. */
  rows: string[][];
  signature: string;
}

/** How many data rows a preview shows. */
export const PREVIEW_ROWS = 10;

const NUMBER = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/;

/**
 * Finds the column-name line of a delimited text in no known layout: the first line of at least
 * three names, not all numbers, followed by a line with as many fields of which at least half are
 * numbers (the data). Null when no line looks like that — prose, a binary, a one-column list.
 */
export function previewTable(
  head: Buffer,
  encoding: TextEncodingName = sniffEncoding(head),
): TablePreview | null {
  const lines = decodeHead(head, encoding)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  for (let i = 0; i + 1 < lines.length && i < 500; i += 1) {
    const line = lines[i] ?? '';
    if (line.length > 16384) continue;
    const delimiter = sniffDelimiter(line);
    const columns = new HeaderColumns(splitHeaderLine(line, delimiter), i + 1).names;
    if (columns.length < 3 || columns.every((c) => NUMBER.test(c))) continue;
    const first = splitFields(lines[i + 1] ?? '', delimiter);
    const numbers = first.filter((f) => NUMBER.test(f)).length;
    if (first.length < columns.length || numbers * 2 < columns.length) continue;
    const rows = lines
      .slice(i + 1, i + 1 + PREVIEW_ROWS)
      .filter((l) => l.trim() !== '')
      .map((l) => splitFields(l, delimiter).slice(0, columns.length));
    return { line: i + 1, delimiter, columns: [...columns], rows, signature: headerSignature(columns) };
  }
  return null;
}

function splitFields(line: string, delimiter: Delimiter): string[] {
  return line.split(delimiter).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}
