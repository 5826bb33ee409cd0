import { csvLine } from '../data-out/csv-line.ts';
import type { DatasetSnapshot } from './snapshot-experiment.ts';

const HEADER = [
  'cell_label',
  'cycle',
  'file',
  'file_cycle',
  'charge_capacity_ah',
  'discharge_capacity_ah',
  'coulombic_efficiency',
  'charge_energy_wh',
  'discharge_energy_wh',
  'charge_capacity_mah_g',
  'discharge_capacity_mah_g',
];

/**
 * A version's per-cycle table as CSV, every cell's cycles in order: the frozen figures as the
 * cycler file gave them (Ah, Wh; numbers printed in full, never rounded), mAh/g where the cell's
 * mass is known.
 */
export function cyclesCsv(snapshot: DatasetSnapshot): string {
  const names = new Map(snapshot.files.map((f) => [f.index, f.name]));
  const lines = [csvLine(HEADER)];
  for (const table of snapshot.cycleTables)
    for (const c of table.cycles)
      lines.push(
        csvLine([
          table.cellLabel,
          c.cycle,
          names.get(c.fileIndex) ?? '',
          c.fileCycle,
          c.chargeAh,
          c.dischargeAh,
          c.coulombicEfficiency,
          c.chargeWh,
          c.dischargeWh,
          c.chargeMahG,
          c.dischargeMahG,
        ]),
      );
  return lines.join('');
}
