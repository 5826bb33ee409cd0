/** A table cell as CSV can say it: a number, a text, or nothing. */
export type CsvValue = number | string | null;

/**
 * One CSV record (RFC 4180, CRLF): numbers as the shortest text that reads back to the same
 * double, nothing (and NaN/±∞, which CSV readers disagree on) as an empty field, text quoted when
 * it holds a comma, quote or line break. A text starting with `=`, `+`, `-` or `@` gets a leading
 * apostrophe so a spreadsheet does not run it as a formula (OWASP "CSV injection"): file names
 * are chosen by uploaders, tables are opened by others.
 */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
