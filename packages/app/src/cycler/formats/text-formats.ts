import type { CyclerFormat } from '../cycler-types.ts';
import { arbinCsv } from './arbin-csv.ts';
import { batterydataRaw } from './batterydata-raw.ts';
import { batterydataSummary } from './batterydata-summary.ts';
import { bdfCsv } from './bdf-csv.ts';
import { biologicText } from './biologic-text.ts';
import { maccorText } from './maccor-text.ts';
import { newareCsv } from './neware-csv.ts';
import { basytecText } from './basytec-text.ts';
import { batteryArchiveCycles } from './batteryarchive-cycles.ts';
import { batteryArchiveTimeseries } from './batteryarchive-timeseries.ts';
import { novonixCsv } from './novonix-csv.ts';
import { pecCsv } from './pec-csv.ts';
import type { TextFormat } from './text-format.ts';

/**
 * The delimited-text formats, in detection order: vendor layouts with distinctive column names
 * first, BDF last because its preferred labels ("Voltage / V") are the most generic.
 */
export const TEXT_FORMATS: readonly TextFormat[] = [
  biologicText,
  novonixCsv,
  basytecText,
  arbinCsv,
  maccorText,
  newareCsv,
  pecCsv,
  batteryArchiveCycles,
  batteryArchiveTimeseries,
  batterydataSummary,
  batterydataRaw,
  bdfCsv,
];

export function textFormat(format: CyclerFormat): TextFormat | undefined {
  return TEXT_FORMATS.find((f) => f.format === format);
}
