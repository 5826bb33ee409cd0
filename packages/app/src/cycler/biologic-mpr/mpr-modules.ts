import { CyclerParseError } from '../cycler-parse-error.ts';

/**
 * The container layer of a BioLogic .mpr file: a 52-byte file header, then "MODULE" blocks
 * ("VMP Set", "VMP data", "VMP LOG", "VMP loop"). The layout is reverse-engineered (see the
 * galvani project's BioLogic.py); module headers come in two versions:
 *   v1: short name (10) · long name (25) · length u32 · version u32 · date (8)
 *   v2 (EC-Lab >= 11.50): short name · long name · max length u32 (all 0xFF) · length u32 ·
 *       version u32 · unknown u32 · date (8)
 */
export interface MprModule {
  /** Trimmed short name, e.g. "VMP data". */
  name: string;
  version: number;
  /** The date the module was written, as stored ("01/16/25"). */
  date: string;
  data: Buffer;
}

const FILE_MAGIC = Buffer.from('BIO-LOGIC MODULAR FILE\x1a', 'latin1');
const FILE_HEADER_BYTES = 52;
const MODULE_MAGIC = Buffer.from('MODULE', 'latin1');

export function readMprModules(file: Buffer): MprModule[] {
  if (!file.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) {
    throw damaged('it does not start with "BIO-LOGIC MODULAR FILE"');
  }
  const modules: MprModule[] = [];
  let offset = FILE_HEADER_BYTES;
  while (offset < file.length) {
    if (!file.subarray(offset, offset + MODULE_MAGIC.length).equals(MODULE_MAGIC)) {
      throw damaged(`no module starts at byte ${offset}`);
    }
    const header = offset + MODULE_MAGIC.length;
    const v2 = file.length >= header + 39 && file.readUInt32LE(header + 35) === 0xffffffff;
    const headerBytes = v2 ? 59 : 51;
    if (file.length < header + headerBytes) throw truncated();
    const name = file.toString('latin1', header, header + 10).trim();
    const length = file.readUInt32LE(header + (v2 ? 39 : 35));
    const version = file.readUInt32LE(header + (v2 ? 43 : 39));
    const date = file.toString('latin1', header + headerBytes - 8, header + headerBytes);
    const start = header + headerBytes;
    if (start + length > file.length) throw truncated();
    modules.push({ name, version, date, data: file.subarray(start, start + length) });
    offset = start + length;
  }
  return modules;
}

function damaged(why: string): CyclerParseError {
  return new CyclerParseError(`This BioLogic .mpr file cannot be read: ${why}.`, {
    reason: 'damaged-container',
  });
}

function truncated(): CyclerParseError {
  return new CyclerParseError(
    'This BioLogic .mpr file ends in the middle of a module: it looks truncated — was the upload cut short?',
    { reason: 'truncated' },
  );
}
