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
  const cut = truncation(file);
  if (cut !== null) throw cut;
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
    throw unreadableContainer(file);
  }
  try {
    return readBiffWorkbook(stream);
  } catch {
    throw new CyclerParseError(
      `This .xls workbook is damaged: its sheet list or its shared strings cannot be read ` +
        `(the workbook stream has ${stream.length.toLocaleString('en')} bytes).`,
      { reason: 'damaged-container' },
    );
  }
}

/**
 * A cut-short OLE2 container, located, before cfb reads it (cfb may read a sector-aligned cut
 * without complaint and lose sheets). The 512-byte header names the sector size and where the
 * allocation table and the directory are; a file shorter than those places, or ending inside a
 * sector, was cut short ([MS-CFB] 2.2).
 */
function truncation(file: Buffer): CyclerParseError | null {
  const size = file.length;
  if (size >= 512) {
    const sector = 2 ** file.readUInt16LE(30);
    const places = [file.readInt32LE(48)]; // first directory sector
    for (let i = 0; i < 109; i += 1) places.push(file.readInt32LE(76 + 4 * i)); // allocation-table sectors
    const needed = Math.max(...places.filter((s) => s >= 0).map((s) => (s + 2) * sector));
    if (sector >= 128 && sector <= 65536 && needed > size) {
      return new CyclerParseError(
        `This .xls file is truncated: it ends at byte ${size.toLocaleString('en')}, but its own header places ` +
          `parts of the workbook up to byte ${needed.toLocaleString('en')}. Was the upload or the copy cut short?`,
        { reason: 'truncated' },
      );
    }
    // The container is whole sectors after the header; a part-sector end is a cut.
    if (sector >= 128 && sector <= 65536 && (size - 512) % sector !== 0) {
      return new CyclerParseError(
        `This .xls file is truncated: it ends at byte ${size.toLocaleString('en')}, ` +
          `${((size - 512) % sector).toLocaleString('en')} bytes into a ${sector}-byte sector of its container. ` +
          'Was the upload or the copy cut short?',
        { reason: 'truncated' },
      );
    }
  }
  return null;
}

/** cfb could not open the container, and it is not simply cut short. */
function unreadableContainer(file: Buffer): CyclerParseError {
  const size = file.length;
  return new CyclerParseError(
    `This .xls file is damaged: its Office container (${size.toLocaleString('en')} bytes) cannot be read, ` +
      'so no sheet can be found in it. Open it in Excel and save it again, or export the sheet as CSV.',
    { reason: 'damaged-container' },
  );
}
