import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MeasurementColumn } from './measurement-fields.ts';
import { type PointFilter, readFilteredBlocks } from './read-points.ts';
import { type BlockColumn, valueAt } from './sample-codec.ts';

/**
 * The CSV columns: Battery Data Format machine-readable names (battery-data-alliance), so the
 * export is self-describing (unit in every name) and BatteryDB itself, or any BDF tool, reads it
 * back. `file_id` (which upload a sample came from) is BatteryDB's own, last.
 */
export const CSV_COLUMNS: readonly [string, MeasurementColumn][] = [
  ['test_time_second', 'time_s'],
  ['cycle_count', 'cycle'],
  ['step_index', 'step'],
  ['current_ampere', 'current_a'],
  ['voltage_volt', 'voltage_v'],
  ['cycle_charging_capacity_ah', 'charge_capacity_ah'],
  ['cycle_discharging_capacity_ah', 'discharge_capacity_ah'],
  ['cycle_charging_energy_wh', 'charge_energy_wh'],
  ['cycle_discharging_energy_wh', 'discharge_energy_wh'],
  ['temperature_t1_celsius', 'temperature_c'],
  ['file_id', 'file_id'],
];

export const CSV_HEADER = CSV_COLUMNS.map(([name]) => name);

/** A number as the shortest text that reads back to the same double; NULL as an empty cell. */
const cell = (value: number | null): string => (value === null ? '' : String(value));

/**
 * The experiment's time series (or one file's: `filter.fileId`) as CSV text, a block at a time
 * (bounded memory for any size): straight from the decoded columns, without a row object per
 * sample. The caller has decided that the experiment is visible.
 */
export async function* exportCsv(
  db: Kysely<Database>,
  filter: Pick<PointFilter, 'experimentId' | 'fileId' | 'fileIds'>,
): AsyncGenerator<string> {
  yield `${CSV_HEADER.join(',')}\r\n`;
  const columns = CSV_COLUMNS.map(([, column]) => column).filter((c) => c !== 'file_id');
  for await (const { fileId, read } of readFilteredBlocks(db, filter)) {
    const sources = columns.map((c) => read.block.columns[c as BlockColumn]);
    const tail = `,${fileId}\r\n`;
    let text = '';
    for (let i = 0; i < read.count; i++) {
      let line = cell(valueAt(sources[0]!, i));
      for (let c = 1; c < sources.length; c++) line += `,${cell(valueAt(sources[c]!, i))}`;
      text += line + tail;
    }
    yield text;
  }
}
