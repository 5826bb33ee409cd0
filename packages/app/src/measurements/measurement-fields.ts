import type { MeasurementTable } from '../db/schema.ts';

/**
 * The API's names for the columns of a sample (camelCase, unit in the name), in the order
 * exports write them. One table, so the query parameter `fields`, the JSON export and the
 * columns read can never disagree.
 */
export const MEASUREMENT_FIELDS = {
  fileId: 'file_id',
  seq: 'seq',
  timeS: 'time_s',
  cycle: 'cycle',
  step: 'step',
  currentA: 'current_a',
  voltageV: 'voltage_v',
  chargeCapacityAh: 'charge_capacity_ah',
  dischargeCapacityAh: 'discharge_capacity_ah',
  chargeEnergyWh: 'charge_energy_wh',
  dischargeEnergyWh: 'discharge_energy_wh',
  temperatureC: 'temperature_c',
} as const satisfies Record<string, keyof MeasurementTable>;

export type MeasurementField = keyof typeof MEASUREMENT_FIELDS;
export type MeasurementColumn = (typeof MEASUREMENT_FIELDS)[MeasurementField];

export const ALL_MEASUREMENT_FIELDS = Object.keys(MEASUREMENT_FIELDS) as MeasurementField[];

export function isMeasurementField(name: string): name is MeasurementField {
  return Object.hasOwn(MEASUREMENT_FIELDS, name);
}

/** Fields that place a sample rather than measure it: never the value a plot's envelope follows. */
export const POSITION_FIELDS: ReadonlySet<MeasurementField> = new Set(['fileId', 'seq', 'timeS']);
