import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MeasurementColumn } from './measurement-fields.ts';
import { type PointFilter, readFilteredBlocks } from './read-points.ts';
import type { BlockColumn } from './sample-codec.ts';
import { CsvBytes, NumberText, writeLines } from './csv-bytes.ts';

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

/**
 * The experiment's time series (or one file's: `filter.fileId`) as CSV text (ASCII bytes), one
 * Buffer a block at a time (bounded memory for any size): straight from the decoded columns
 * into one reused byte buffer, each number as `String(value)` writes it (csv-bytes.ts), NULL as
 * an empty cell. The caller has decided that the experiment is visible.
 */
export async function* exportCsv(
  db: Kysely<Database>,
  filter: Pick<PointFilter, 'experimentId' | 'fileId' | 'fileIds'>,
): AsyncGenerator<Buffer> {
  yield Buffer.from(`${CSV_HEADER.join(',')}\r\n`);
  const columns = CSV_COLUMNS.map(([, column]) => column).filter((c) => c !== 'file_id');
  const texts = columns.map(() => new NumberText());
  const out = new CsvBytes();
  for await (const { fileId, read } of readFilteredBlocks(db, filter)) {
    const sources = columns.map((c) => read.block.columns[c as BlockColumn]);
    writeLines(out, texts, sources, read.count, `,${fileId}\r\n`);
    yield out.take();
  }
}
