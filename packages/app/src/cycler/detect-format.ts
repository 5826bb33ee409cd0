import { describeBinary, looksBinary } from './binary-signatures.ts';
import type { CyclerParseErrorReason } from './cycler-parse-error.ts';
import type { CyclerFormat } from './cycler-types.ts';
import { isAccessDatabase } from './arbin-res/open-arbin-res.ts';
import { unrecognisedTextMessage } from './closest-layout.ts';
import { TEXT_FORMATS } from './formats/text-formats.ts';
import { NDA_MAGIC } from './neware-ndax/nda-records.ts';
import type { TextFormat } from './formats/text-format.ts';
import { HeaderColumns } from './tabular/header-columns.ts';
import { splitHeaderLine } from './tabular/delimiter.ts';
import { decodeHead, sniffEncoding, type TextEncodingName } from './text-encoding.ts';

/** How many bytes detection reads: the column names must start within them (after any preamble). */
export const DETECTION_HEAD_BYTES = 64 * 1024;

const MPR_MAGIC = Buffer.from('BIO-LOGIC MODULAR FILE', 'latin1');
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export type Sniffed =
  | { kind: 'container'; format: 'biologic-mpr' | 'neware-xls' | 'neware-nda' | 'arbin-res' }
  /** A ZIP: an .xlsx workbook or a Neware .ndax, told apart by its directory (zip/open-zip.ts). */
  | { kind: 'zip' }
  | { kind: 'text'; format: TextFormat; encoding: TextEncodingName }
  | { kind: 'unknown'; description: string; reason?: CyclerParseErrorReason };

/**
 * Detects the format from the first bytes of content (never the file name): binary magic numbers
 * for containers, the first line for BioLogic text, and the column names for the rest.
 * Returns null when unrecognised.
 *
 * @example detectFormat(await readFirstBytes(file)) // 'arbin-csv'
 */
export function detectFormat(head: Buffer): CyclerFormat | null {
  const sniffed = sniffHead(head);
  switch (sniffed.kind) {
    case 'unknown':
      return null;
    case 'zip':
      // Which workbook layout an .xlsx is shows only in its sheets; an .ndax names its parts early.
      return head.includes('data.ndc') || head.includes('TestInfo.xml') ? 'neware-ndax' : null;
    case 'text':
      return sniffed.format.format;
    case 'container':
      return sniffed.format;
  }
}

/** Detection with the reason for a failure, for error messages. */
export function sniffHead(head: Buffer, declared?: TextEncodingName): Sniffed {
  if (head.length === 0) return { kind: 'unknown', description: 'The file is empty.' };
  if (head.subarray(0, MPR_MAGIC.length).equals(MPR_MAGIC))
    return { kind: 'container', format: 'biologic-mpr' };
  if (head.subarray(0, OLE2_MAGIC.length).equals(OLE2_MAGIC))
    return { kind: 'container', format: 'neware-xls' };
  if (head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) return { kind: 'zip' };
  if (head.subarray(0, NDA_MAGIC.length).equals(NDA_MAGIC))
    return { kind: 'container', format: 'neware-nda' };
  if (isAccessDatabase(head)) return { kind: 'container', format: 'arbin-res' };
  const binary = describeBinary(head);
  if (binary !== null) return { kind: 'unknown', description: `This is ${binary}, not cycler data.` };

  const encoding = declared ?? sniffEncoding(head);
  const text = decodeHead(head, encoding);
  if (looksBinary(text)) {
    return {
      kind: 'unknown',
      description: 'This is a binary file of a kind we do not read, not cycler data.',
    };
  }
  if (head.length >= DETECTION_HEAD_BYTES && !text.includes('\n')) {
    return {
      kind: 'unknown',
      reason: 'line-too-long',
      description:
        `Line 1 runs past the first ${DETECTION_HEAD_BYTES / 1024} KiB without a line break, so this is not ` +
        'a line-by-line text export we can read: is it a binary file, or one whose lines end in a bare CR?',
    };
  }
  // Every whole line within the head: a bound in bytes, not in lines (PEC's key/value block is
  // ~45 lines, BioLogic's header ~100); a last line the head cuts off is not judged.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (head.length >= DETECTION_HEAD_BYTES && lines.length > 1) lines.pop();
  const first = lines[0] ?? '';
  const byFirstLine = TEXT_FORMATS.find((f) => f.matchesFirstLine?.(first) === true);
  if (byFirstLine !== undefined) return { kind: 'text', format: byFirstLine, encoding };
  for (const [i, line] of lines.entries()) {
    const columns = new HeaderColumns(splitHeaderLine(line), i + 1);
    const format = TEXT_FORMATS.find((f) => f.matchesHeader(columns));
    if (format !== undefined) return { kind: 'text', format, encoding };
  }
  return { kind: 'unknown', description: unrecognisedTextMessage(lines) };
}
