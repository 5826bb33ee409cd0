import type { Selectable } from 'kysely';
import type { CellTable, ExperimentTable } from '../db/schema.ts';

/** The fields a cell takes from its experiment when it records none of its own (SPEC §6). */
export const INHERITED_FIELDS = [
  'cathodeMaterial',
  'anodeMaterial',
  'formFactor',
  'nominalCapacityMah',
  'temperatureC',
] as const;
export type InheritedField = (typeof INHERITED_FIELDS)[number];

/** One of a cell's files, in the cell's order, with the cycle numbers it has within the cell. */
export interface CellFileItem {
  id: number;
  fileName: string;
  /** Place among the cell's files, from 1 (formation first, then cycling…). */
  position: number;
  cycles: number;
  /** The first and last cycle of this file in the cell's continued numbering; null without cycles. */
  firstCellCycle: number | null;
  lastCellCycle: number | null;
  /** Added to the file's own cycle numbers to continue the cell's numbering. */
  cycleOffset: number;
}

/** A cell as the JSON API shows it: the values in force (own, else the experiment's). */
export interface CellItem {
  id: number;
  experimentId: number;
  label: string;
  position: number;
  cycler: string;
  channel: string;
  activeMassMg: number | null;
  electrodeAreaCm2: number | null;
  /** mg/cm²: as entered, else active mass / electrode area when both are known. */
  loadingMgCm2: number | null;
  loadingDerived: boolean;
  cathodeMaterial: string;
  anodeMaterial: string;
  electrolyte: string;
  formFactor: string;
  nominalCapacityMah: number | null;
  chargeCRate: number | null;
  dischargeCRate: number | null;
  chargeCurrentMa: number | null;
  dischargeCurrentMa: number | null;
  voltageMinV: number | null;
  voltageMaxV: number | null;
  temperatureC: number | null;
  notes: string;
  /** Fields shown from the experiment because the cell records none. */
  inherited: InheritedField[];
  files: CellFileItem[];
  /** Cycles over all the cell's files. */
  cycles: number;
  createdAt: string;
  updatedAt: string;
}

export type ExperimentDefaults = Pick<
  Selectable<ExperimentTable>,
  'cathode_material' | 'anode_material' | 'cell_format' | 'nominal_capacity_mah' | 'temperature_c'
>;

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export function toCellItem(
  row: Selectable<CellTable>,
  experiment: ExperimentDefaults,
  files: CellFileItem[],
): CellItem {
  const inherited: InheritedField[] = [];
  const pick = <T>(own: T | null, theirs: T, field: InheritedField): T => {
    if (own !== null) return own;
    inherited.push(field);
    return theirs;
  };
  const mass = num(row.active_mass_mg);
  const area = num(row.electrode_area_cm2);
  const entered = num(row.loading_mg_cm2);
  const derived = entered === null && mass !== null && area !== null && area > 0 ? mass / area : null;
  return {
    id: row.id,
    experimentId: row.experiment_id,
    label: row.label,
    position: row.position,
    cycler: row.cycler,
    channel: row.channel,
    activeMassMg: mass,
    electrodeAreaCm2: area,
    loadingMgCm2: entered ?? derived,
    loadingDerived: derived !== null,
    cathodeMaterial: pick(row.cathode_material, experiment.cathode_material, 'cathodeMaterial'),
    anodeMaterial: pick(row.anode_material, experiment.anode_material, 'anodeMaterial'),
    electrolyte: row.electrolyte ?? '',
    formFactor: pick(row.form_factor, experiment.cell_format, 'formFactor'),
    nominalCapacityMah: pick(
      num(row.nominal_capacity_mah),
      num(experiment.nominal_capacity_mah),
      'nominalCapacityMah',
    ),
    chargeCRate: num(row.charge_c_rate),
    dischargeCRate: num(row.discharge_c_rate),
    chargeCurrentMa: num(row.charge_current_ma),
    dischargeCurrentMa: num(row.discharge_current_ma),
    voltageMinV: num(row.voltage_min_v),
    voltageMaxV: num(row.voltage_max_v),
    temperatureC: pick(num(row.temperature_c), num(experiment.temperature_c), 'temperatureC'),
    notes: row.notes,
    inherited,
    files,
    cycles: files.reduce((n, f) => n + f.cycles, 0),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}
