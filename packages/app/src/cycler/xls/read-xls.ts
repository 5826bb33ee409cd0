import { find, read } from 'cfb';
import { CyclerParseError } from '../cycler-parse-error.ts';
import { readBiffWorkbook, type BiffWorkbook } from './biff-workbook.ts';

/**
 * Opens a legacy Excel .xls: the OLE2 compound-file container is read with SheetJS's `cfb` (a
 * small, maintained reader for exactly that), and the BIFF8 records inside by our own reader
 * (biff-*.ts). We do not use the full `xlsx` package: the npm registry's last release (0.18.5)
 * has published advisories for crafted files (prototype pollution, ReDoS), and an upload route
 * reads untrusted files.
 */
export function readXls(file: Buffer): BiffWorkbook {
  let stream: Buffer;
  try {
    const container = read(file, { type: 'buffer' });
    const entry = find(container, 'Workbook');
    if (entry === null) {
      const legacy = find(container, 'Book');
      throw new CyclerParseError(
        legacy === null
          ? 'This Office file holds no Excel workbook.'
          : 'This is an Excel 5.0/95 workbook, which we do not read; save it as CSV or as Excel 97–2003.',
        { reason: 'unrecognised-format' },
      );
    }
    stream = Buffer.from(entry.content);
  } catch (error) {
    if (error instanceof CyclerParseError) throw error;
    throw new CyclerParseError(
      `This .xls file is damaged or truncated and cannot be opened (${error instanceof Error ? error.message : String(error)}).`,
      { reason: 'damaged-container' },
    );
  }
  try {
    return readBiffWorkbook(stream);
  } catch (error) {
    throw new CyclerParseError(
      `This .xls workbook is damaged (${error instanceof Error ? error.message : String(error)}).`,
      { reason: 'damaged-container' },
    );
  }
}
