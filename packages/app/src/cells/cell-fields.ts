import { AuthzError } from '@batterydb/authz';
import type { Updateable } from 'kysely';
import type { CellTable } from '../db/schema.ts';

const bad = (field: string, message: string) => new AuthzError('INVALID_INPUT', message, field);

type Columns = Updateable<CellTable>;
type Kind = 'text' | 'optional-text' | 'positive' | 'rate' | 'voltage' | 'temperature';

/**
 * The fields a client may set on a cell, their column and what they accept. Null clears a
 * value (an optional text then takes the experiment's again). The schema (TypeBox) says the
 * same for the API; this is the check both edges share.
 */
const FIELDS: Record<string, { column: keyof Columns; kind: Kind; max?: number }> = {
  label: { column: 'label', kind: 'text', max: 100 },
  cycler: { column: 'cycler', kind: 'text', max: 100 },
  channel: { column: 'channel', kind: 'text', max: 50 },
  notes: { column: 'notes', kind: 'text', max: 5000 },
  activeMassMg: { column: 'active_mass_mg', kind: 'positive', max: 1e7 },
  electrodeAreaCm2: { column: 'electrode_area_cm2', kind: 'positive', max: 1e6 },
  loadingMgCm2: { column: 'loading_mg_cm2', kind: 'positive', max: 1e5 },
  cathodeMaterial: { column: 'cathode_material', kind: 'optional-text', max: 200 },
  anodeMaterial: { column: 'anode_material', kind: 'optional-text', max: 200 },
  electrolyte: { column: 'electrolyte', kind: 'optional-text', max: 200 },
  formFactor: { column: 'form_factor', kind: 'optional-text', max: 100 },
  nominalCapacityMah: { column: 'nominal_capacity_mah', kind: 'positive', max: 1e9 },
  chargeCRate: { column: 'charge_c_rate', kind: 'rate', max: 1000 },
  dischargeCRate: { column: 'discharge_c_rate', kind: 'rate', max: 1000 },
  chargeCurrentMa: { column: 'charge_current_ma', kind: 'positive', max: 1e7 },
  dischargeCurrentMa: { column: 'discharge_current_ma', kind: 'positive', max: 1e7 },
  voltageMinV: { column: 'voltage_min_v', kind: 'voltage' },
  voltageMaxV: { column: 'voltage_max_v', kind: 'voltage' },
  temperatureC: { column: 'temperature_c', kind: 'temperature' },
};

export const CELL_FIELD_NAMES = Object.keys(FIELDS);

function value(field: string, kind: Kind, max: number, input: unknown): string | number | null {
  if (kind === 'text' || kind === 'optional-text') {
    if (input === null && kind === 'optional-text') return null;
    if (typeof input !== 'string') throw bad(field, `${field} must be a string`);
    const trimmed = input.trim();
    if (trimmed.length > max) throw bad(field, `${field} must be at most ${max} characters`);
    if (field === 'label' && trimmed === '') throw bad(field, 'label must not be empty');
    return kind === 'optional-text' && trimmed === '' ? null : trimmed;
  }
  if (input === null) return null;
  if (typeof input !== 'number' || !Number.isFinite(input))
    throw bad(field, `${field} must be a number or null`);
  if (kind === 'voltage' && (input < -10 || input > 100))
    throw bad(field, `${field} must be between -10 and 100 V`);
  if (kind === 'temperature' && (input < -273.15 || input > 1000))
    throw bad(field, `${field} must be between -273.15 and 1000 °C`);
  if ((kind === 'positive' || kind === 'rate') && !(input > 0 && input <= max))
    throw bad(field, `${field} must be greater than 0 and at most ${max}`);
  return input;
}

/**
 * The columns of a cell's create or patch body; unknown fields are refused (no mass assignment),
 * and a window whose minimum is not below its maximum too (`existing` for a patch of one end).
 */
export function cellColumns(
  body: Record<string, unknown>,
  existing: { voltage_min_v: number | null; voltage_max_v: number | null } | null = null,
): Columns {
  const columns: Record<string, unknown> = {};
  for (const [field, input] of Object.entries(body)) {
    const spec = FIELDS[field];
    if (!spec) throw bad(field, `${field} is not a field of a cell`);
    columns[spec.column] = value(field, spec.kind, spec.max ?? 0, input);
  }
  const out = columns as Columns;
  const min = out.voltage_min_v !== undefined ? out.voltage_min_v : (existing?.voltage_min_v ?? null);
  const max = out.voltage_max_v !== undefined ? out.voltage_max_v : (existing?.voltage_max_v ?? null);
  if (min !== null && max !== null && Number(min) >= Number(max))
    throw bad('voltageMaxV', 'voltageMaxV must be above voltageMinV');
  return out;
}
