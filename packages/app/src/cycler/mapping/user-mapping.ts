import type { TimeSeriesTextFormat } from '../formats/text-format.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';
import type { ColumnMap, ColumnSpec } from './column-map.ts';
import { headerSignature } from './header-signature.ts';

/**
 * A person's column mapping for a CSV/TSV in no layout we read: which column (by position) holds
 * which quantity, in which unit, and which way the current's sign points. It becomes an ordinary
 * `ColumnMap` (`mappedTextFormat`), so a mapped file is read by the same mapper, counter rules and
 * cycle summaries as every vendor's file.
 */
export type MappedField =
  | 'time'
  | 'cycle'
  | 'step'
  | 'current'
  | 'voltage'
  | 'chargeCapacity'
  | 'dischargeCapacity'
  | 'chargeEnergy'
  | 'dischargeEnergy'
  | 'temperature';

export interface MappedColumn {
  /** 0-based position in the header. */
  column: number;
  /** One of the field's units (`MAPPED_FIELDS`); absent for counts (cycle, step). */
  unit?: string;
}

export interface ColumnMapping {
  fields: Partial<Record<MappedField, MappedColumn>>;
  /** Whether the file writes charging current as positive (ours) or negative numbers. */
  chargeCurrent: 'positive' | 'negative';
}

/** A saved mapping as the parser needs it: its name (for messages) and its header's signature. */
export interface SavedColumnMapping {
  name: string;
  signature: string;
  mapping: ColumnMapping;
}

interface FieldInfo {
  label: string;
  required: boolean;
  /** Unit → factor to ours (s, A, V, Ah, Wh, °C); empty for counts. */
  units: Readonly<Record<string, number>>;
}

/** Every field a column can be mapped to, in the order the mapping page lists them. */
export const MAPPED_FIELDS: Readonly<Record<MappedField, FieldInfo>> = {
  time: { label: 'Test time', required: true, units: { s: 1, min: 60, h: 3600 } },
  cycle: { label: 'Cycle number', required: false, units: {} },
  step: { label: 'Step number', required: false, units: {} },
  current: { label: 'Current', required: true, units: { A: 1, mA: 1e-3 } },
  voltage: { label: 'Voltage', required: true, units: { V: 1, mV: 1e-3 } },
  chargeCapacity: { label: 'Charge capacity', required: false, units: { Ah: 1, mAh: 1e-3 } },
  dischargeCapacity: { label: 'Discharge capacity', required: false, units: { Ah: 1, mAh: 1e-3 } },
  chargeEnergy: { label: 'Charge energy', required: false, units: { Wh: 1, mWh: 1e-3 } },
  dischargeEnergy: { label: 'Discharge energy', required: false, units: { Wh: 1, mWh: 1e-3 } },
  temperature: { label: 'Temperature', required: false, units: { '°C': 1 } },
};

export const MAPPED_FIELD_NAMES = Object.keys(MAPPED_FIELDS) as MappedField[];

export interface MappingFieldError {
  /** The request's field: `fields.voltage`, `fields.current.unit`, `chargeCurrent`. */
  field: string;
  message: string;
}

/**
 * Checks a mapping against a header of `columnCount` columns; every bad field is reported, not
 * only the first. The mapping is plain data (it comes from a form or JSON), so anything may be in it.
 */
export function checkColumnMapping(
  input: unknown,
  columnCount: number,
): { ok: true; mapping: ColumnMapping } | { ok: false; errors: MappingFieldError[] } {
  const errors: MappingFieldError[] = [];
  const body = isRecord(input) ? input : {};
  const fieldsIn = isRecord(body['fields']) ? body['fields'] : {};
  if (!isRecord(body['fields'])) errors.push({ field: 'fields', message: 'fields must be an object' });
  for (const key of Object.keys(fieldsIn))
    if (!(key in MAPPED_FIELDS))
      errors.push({ field: `fields.${key}`, message: `"${key}" is not a quantity a column can hold` });
  const fields: Partial<Record<MappedField, MappedColumn>> = {};
  for (const name of MAPPED_FIELD_NAMES) {
    const info = MAPPED_FIELDS[name];
    const value = fieldsIn[name];
    if (value === undefined || value === null) {
      if (info.required)
        errors.push({ field: `fields.${name}`, message: `${info.label}: choose the column that holds it` });
      continue;
    }
    const column = isRecord(value) ? value['column'] : undefined;
    const unit = isRecord(value) ? value['unit'] : undefined;
    if (typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column >= columnCount) {
      errors.push({
        field: `fields.${name}.column`,
        message: `${info.label}: column must be a column of the file (1 to ${columnCount})`,
      });
      continue;
    }
    const units = Object.keys(info.units);
    if (units.length === 0) {
      if (unit !== undefined && unit !== '')
        errors.push({ field: `fields.${name}.unit`, message: `${info.label} is a count: it has no unit` });
      fields[name] = { column };
    } else if (typeof unit !== 'string' || !units.includes(unit)) {
      errors.push({
        field: `fields.${name}.unit`,
        message: `${info.label}: unit must be one of ${units.join(', ')}`,
      });
    } else fields[name] = { column, unit };
  }
  const chargeCurrent = body['chargeCurrent'];
  if (chargeCurrent !== 'positive' && chargeCurrent !== 'negative')
    errors.push({
      field: 'chargeCurrent',
      message: 'Charging current: say whether the file writes it as positive or negative',
    });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, mapping: { fields, chargeCurrent: chargeCurrent as ColumnMapping['chargeCurrent'] } };
}

/** The text format that reads a file whose header has `saved.signature` with its mapping. */
export function mappedTextFormat(saved: SavedColumnMapping): TimeSeriesTextFormat {
  const { fields, chargeCurrent } = saved.mapping;
  const spec = (name: MappedField, sign = 1): ColumnSpec | undefined => {
    const field = fields[name];
    if (field === undefined) return undefined;
    const factor = field.unit === undefined ? 1 : (MAPPED_FIELDS[name].units[field.unit] ?? 1);
    return { names: [], index: field.column, scale: factor * sign };
  };
  const required = (name: MappedField, sign = 1) => ({
    find: spec(name, sign) ?? { names: [] },
    label: MAPPED_FIELDS[name].label.toLowerCase(),
    expected: [`the column mapping "${saved.name}"`],
  });
  const cycle = spec('cycle');
  const step = spec('step');
  const columns: ColumnMap = {
    time: required('time'),
    current: required('current', chargeCurrent === 'negative' ? -1 : 1),
    voltage: required('voltage'),
    ...(cycle === undefined
      ? { deriveCycles: true }
      : { cycle: { find: cycle, label: 'cycle', expected: [] }, cycleRequired: true }),
    ...(step === undefined ? {} : { step: { find: step, label: 'step', expected: [] }, stepRequired: true }),
    ...optional('charge', spec('chargeCapacity')),
    ...optional('discharge', spec('dischargeCapacity')),
    ...optional('chargeEnergy', spec('chargeEnergy')),
    ...optional('dischargeEnergy', spec('dischargeEnergy')),
    ...optional('temperature', spec('temperature')),
    // People's programs write discharge counters signed either way; capacities are magnitudes.
    counterMagnitudes: true,
  };
  return {
    kind: 'time-series',
    format: 'column-mapped',
    matchesHeader: (header: HeaderColumns) => headerSignature(header.names) === saved.signature,
    columns,
  };
}

function optional<K extends keyof ColumnMap>(key: K, value: ColumnSpec | undefined): Partial<ColumnMap> {
  return value === undefined ? {} : { [key]: value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
