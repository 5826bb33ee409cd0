import { AuthzError } from '@batterydb/authz';
import { FieldChecks } from '../validation/invalid-fields.ts';
import type { CitationMetadata } from '../datasets/citation/citation-metadata.ts';
import { encodeCitation } from '../datasets/citation/stored-citation.ts';
import { validateCitation } from '../datasets/citation/validate-citation.ts';

/** The fields a client may set on an experiment (SPEC §6); owner and status are never among them. */
export interface ExperimentFields {
  title: string;
  description: string;
  cathodeMaterial: string;
  anodeMaterial: string;
  chemistry: string;
  cellFormat: string;
  nominalCapacityMah: number | null;
  activeMassMg: number | null;
  temperatureC: number | null;
  cycler: string;
  startDate: string | null;
  tags: readonly string[];
  /** Issue 26: set as a whole; every invalid part is reported with its path. */
  citation: CitationMetadata;
}

const bad = (field: string, message: string) => new AuthzError('INVALID_INPUT', message, field);

function text(field: string, value: unknown, max: number, required = false): string {
  if (typeof value !== 'string') throw bad(field, `${field} must be a string`);
  const trimmed = value.trim();
  if (required && trimmed === '') throw bad(field, `${field} must not be empty`);
  if (trimmed.length > max) throw bad(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

function number(field: string, value: unknown, min: number, max: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw bad(field, `${field} must be a number or null`);
  if (value < min || value > max) throw bad(field, `${field} must be between ${min} and ${max}`);
  return value;
}

/** A mass or similar: a number above zero (a zero mass would make mAh/g infinite), or null. */
function positive(field: string, value: unknown, max: number): number | null {
  const n = number(field, value, 0, max);
  if (n === 0) throw bad(field, `${field} must be greater than 0`);
  return n;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isoDate(field: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !DATE.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  )
    throw bad(field, `${field} must be a date as YYYY-MM-DD`);
  return value;
}

function tags(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 30)
    throw bad('tags', 'tags must be a list of at most 30 strings');
  const out = new Set<string>();
  for (const tag of value) {
    const t = text('tags', tag, 50).toLowerCase();
    if (t.includes(',')) throw bad('tags', `tag "${t}" must not contain a comma`);
    if (t !== '') out.add(t);
  }
  return [...out];
}

const VALIDATORS: { [K in keyof ExperimentFields]: (v: unknown) => ExperimentFields[K] } = {
  title: (v) => text('title', v, 300, true),
  description: (v) => text('description', v, 20_000),
  cathodeMaterial: (v) => text('cathodeMaterial', v, 100),
  anodeMaterial: (v) => text('anodeMaterial', v, 100),
  chemistry: (v) => text('chemistry', v, 100),
  cellFormat: (v) => text('cellFormat', v, 50),
  nominalCapacityMah: (v) => number('nominalCapacityMah', v, 0, 1e9),
  activeMassMg: (v) => positive('activeMassMg', v, 1e9),
  temperatureC: (v) => number('temperatureC', v, -273.15, 2000),
  cycler: (v) => text('cycler', v, 100),
  startDate: (v) => (v === null ? null : isoDate('startDate', v)),
  tags,
  citation: (v) => validateCitation(v),
};

/**
 * Validates a create (all of `title` required) or a patch (any subset). Unknown keys are bad
 * input too (no mass assignment: `owner`, `status`, `id` cannot ride along), even when the
 * HTTP schema already refused them.
 */
export function validateFields(
  input: Record<string, unknown>,
  mode: 'create' | 'patch',
): Partial<ExperimentFields> {
  const out: Partial<Record<keyof ExperimentFields, unknown>> = {};
  // Every field is checked, and every refusal reported together (a form marks them all).
  const checks = new FieldChecks();
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(VALIDATORS, key)) throw bad(key, `unknown field "${key}"`);
    checks.check(() => {
      out[key as keyof ExperimentFields] = VALIDATORS[key as keyof ExperimentFields](value);
    });
  }
  if (mode === 'create' && !Object.hasOwn(input, 'title')) throw bad('title', 'title is required');
  checks.done();
  return out as Partial<ExperimentFields>;
}

/** Tags are stored as `,a,b,` so that one tag is found with `like '%,a,%'` and never a prefix of another. */
export function encodeTags(list: readonly string[] = []): string {
  return list.length ? `,${list.join(',')},` : '';
}

export function decodeTags(stored: string): string[] {
  return stored.split(',').filter((t) => t !== '');
}

/** Column values for validated fields. */
export function toColumns(fields: Partial<ExperimentFields>) {
  const map = {
    title: 'title',
    description: 'description',
    cathodeMaterial: 'cathode_material',
    anodeMaterial: 'anode_material',
    chemistry: 'chemistry',
    cellFormat: 'cell_format',
    nominalCapacityMah: 'nominal_capacity_mah',
    activeMassMg: 'active_mass_mg',
    temperatureC: 'temperature_c',
    cycler: 'cycler',
    startDate: 'start_date',
  } as const;
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(map)) {
    const value = fields[key as keyof typeof map];
    if (value !== undefined) out[column] = value;
  }
  if (fields.tags !== undefined) out.tags = encodeTags(fields.tags);
  if (fields.citation !== undefined) out.citation = encodeCitation(fields.citation);
  return out;
}
