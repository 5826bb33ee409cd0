import { TEXT_FORMATS } from './formats/text-formats.ts';
import { splitHeaderLine } from './tabular/delimiter.ts';
import { HeaderColumns } from './tabular/header-columns.ts';

/** Where a column mapping for a CSV layout we do not read is described (the project's docs). */
export const COLUMN_MAPPING_HINT =
  'If it is a CSV from another cycler or program, a column mapping (which column holds time, current, ' +
  'voltage…) is the way to import it: see "Cycler files" in the BatteryDB README.';

interface Resemblance {
  name: string;
  line: number;
  found: string[];
  missing: string[];
}

/**
 * The text layout `lines` look most like: the line with most of a layout's telling columns, and
 * which of them it lacks. Null when no line has at least two, and half, of any layout's columns.
 */
export function closestLayout(lines: readonly string[]): Resemblance | null {
  let best: Resemblance | null = null;
  for (const [i, line] of lines.entries()) {
    if (line.length > 16384) continue;
    const columns = new HeaderColumns(splitHeaderLine(line), i + 1);
    if (columns.names.length < 2) continue;
    for (const format of TEXT_FORMATS) {
      const wanted = format.resembles;
      if (wanted === undefined) continue;
      const found: string[] = [];
      const missing: string[] = [];
      for (const spellings of wanted.columns) {
        const hit = spellings.find((s) => columns.has(s));
        if (hit === undefined) missing.push(spellings.join('" or "'));
        else found.push(columns.find(hit)!.name);
      }
      const score = found.length / wanted.columns.length;
      const bestScore = best === null ? 0 : best.found.length / (best.found.length + best.missing.length);
      if (found.length >= 2 && score >= 0.5 && score > bestScore)
        best = { name: wanted.name, line: i + 1, found, missing };
    }
  }
  return best;
}

/** The refusal of a text file no reader recognised: what it resembles, what did not match. */
export function unrecognisedTextMessage(lines: readonly string[]): string {
  const close = closestLayout(lines);
  const csv = lines.slice(0, 50).some((l) => l.split(',').length > 3);
  const resemblance =
    close === null
      ? 'This does not look like cycler data we can read: no line near the top has the column names of a ' +
        'layout we read (Arbin, Maccor, BioLogic, Neware, PEC, Novonix, BaSyTec, BDF, Battery Data Hub or ' +
        'Battery Archive text exports).'
      : `This is not a layout we can read. It looks most like a ${close.name} (line ${close.line} has ` +
        `${close.found.map((f) => `"${f}"`).join(', ')}), ` +
        (close.missing.length === 0
          ? 'but those columns are not in the arrangement we read.'
          : `but it has no "${close.missing.join('", no "')}" column.`);
  return (
    `${resemblance} Workbooks (Arbin and LANHE .xlsx, Neware .xls) ` +
    'and binary files (BioLogic .mpr, Neware .nda/.ndax, Arbin .res) are read as they are: upload the original ' +
    'instead of a conversion.' +
    (csv ? ` ${COLUMN_MAPPING_HINT}` : '')
  );
}
