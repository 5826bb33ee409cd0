import { type CellCycleItem, mahPerGram } from '../cells/cell-cycles.ts';
import { type CycleGroup, GROUP_COLUMNS } from './cycle-groups.ts';

/** How a column is stored where types matter (Parquet); CSV and XLSX write numbers as they are. */
export type ColumnType = 'INT32' | 'DOUBLE' | 'STRING';

/** One column of a per-cycle table: its name carries its unit, so a CSV is self-describing. */
export interface CycleColumn {
  name: string;
  type: ColumnType;
  description: string;
  value(cycle: CellCycleItem, group: CycleGroup): number | string | null;
}

/** A column of doubles (most of them). */
const double = (name: string, description: string, value: CycleColumn['value']): CycleColumn => ({
  name,
  type: 'DOUBLE',
  description,
  value,
});

/** The cycle in the cell's numbering (continued across its files), with the file it is in. */
const CYCLE: CycleColumn[] = [
  { name: 'file_id', type: 'INT32', description: 'the data file the cycle is in', value: (c) => c.fileId },
  {
    name: 'cycle',
    type: 'INT32',
    description: 'cycle number within the cell, continued across its files',
    value: (c) => c.cellCycle,
  },
  {
    name: 'file_cycle',
    type: 'INT32',
    description: 'cycle number as the cycler file numbers it',
    value: (c) => c.cycle,
  },
];

const CAPACITY = [
  double('charge_capacity_Ah', 'charge capacity of the cycle (Ah)', (c) => c.chargeCapacityAh),
  double('discharge_capacity_Ah', 'discharge capacity of the cycle (Ah)', (c) => c.dischargeCapacityAh),
];

/** Only where an active mass is known: a table never carries a column of nothing but blanks. */
const SPECIFIC = [
  double(
    'charge_capacity_mAh_g',
    'charge capacity per gram of the cell’s active material (mAh/g)',
    (c) => c.chargeCapacityMahG,
  ),
  double(
    'discharge_capacity_mAh_g',
    'discharge capacity per gram of the cell’s active material (mAh/g)',
    (c) => c.dischargeCapacityMahG,
  ),
];

const REST = [
  double('coulombic_efficiency_percent', 'discharge / charge capacity × 100 (blank without charge)', (c) =>
    c.coulombicEfficiency === null ? null : c.coulombicEfficiency * 100,
  ),
  double('charge_energy_Wh', 'charge energy of the cycle (Wh)', (c) => c.chargeEnergyWh),
  double('discharge_energy_Wh', 'discharge energy of the cycle (Wh)', (c) => c.dischargeEnergyWh),
  double('duration_s', 'duration of the cycle (s)', (c) => c.durationS),
];

/** The two columns that name the group of a row in an experiment-wide table. */
const GROUP: CycleColumn[] = [
  {
    name: GROUP_COLUMNS.id,
    type: 'INT32',
    description: 'the cell the cycle belongs to',
    value: (_c, g) => g.id,
  },
  { name: GROUP_COLUMNS.label, type: 'STRING', description: 'the cell’s label', value: (_c, g) => g.label },
];

/**
 * The columns of a table of these groups: mAh/g when any of them has an active mass, and the
 * group's id and name first when the table holds more than one group's rows (`withGroup`).
 */
export function cycleColumns(groups: readonly CycleGroup[], withGroup: boolean): CycleColumn[] {
  const specific = groups.some((g) => mahPerGram(1, g.activeMassMg) !== null);
  return [...(withGroup ? GROUP : []), ...CYCLE, ...CAPACITY, ...(specific ? SPECIFIC : []), ...REST];
}

/** A table's rows: every cycle of every group, in order, as arrays in the columns' order. */
export function* cycleRows(
  groups: readonly CycleGroup[],
  columns: readonly CycleColumn[],
): Generator<(number | string | null)[]> {
  for (const group of groups)
    for (const cycle of group.cycles) yield columns.map((c) => c.value(cycle, group));
}
