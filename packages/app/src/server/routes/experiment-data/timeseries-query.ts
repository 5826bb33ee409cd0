import { M4Downsampler } from '../../../measurements/downsample.ts';
import { envelopeFields, type TimeseriesQuery } from '../../../measurements/find-timeseries.ts';
import {
  ALL_MEASUREMENT_FIELDS,
  isMeasurementField,
  type MeasurementField,
} from '../../../measurements/measurement-fields.ts';
import { HttpProblem } from '../../http/problem.ts';
import { toId } from '../../schemas/common.ts';

export const DEFAULT_FIELDS: readonly MeasurementField[] = ['timeS', 'voltageV', 'currentA'];
export const DEFAULT_POINTS = 2000;
export const MAX_POINTS = 100_000;
const MAX_CYCLE = 2_147_483_647;

export interface RawTimeseriesQuery {
  fields?: string;
  cycleFrom?: string;
  cycleTo?: string;
  points?: string;
  fileId?: string;
  seqFrom?: string;
  seqTo?: string;
}

const bad = (field: string, detail: string) => new HttpProblem('INVALID_INPUT', detail, { field });

export function wholeNumber(
  value: string | undefined,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < min || n > max)
    throw bad(field, `${field} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function parseFields(value: string | undefined): MeasurementField[] {
  if (value === undefined) return [...DEFAULT_FIELDS];
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !isMeasurementField(n));
  if (unknown !== undefined)
    throw bad(
      'fields',
      `fields: "${unknown}" is not a field; the fields are ${ALL_MEASUREMENT_FIELDS.join(', ')}`,
    );
  const fields = names as MeasurementField[];
  const repeated = fields.find((f, i) => fields.indexOf(f) !== i);
  if (repeated !== undefined) throw bad('fields', `fields: "${repeated}" is listed twice`);
  return fields;
}

/** The query of `GET /timeseries`, checked parameter by parameter; each error names its parameter. */
export function parseTimeseriesQuery(experimentId: number, raw: RawTimeseriesQuery): TimeseriesQuery {
  const fields = parseFields(raw.fields);
  const cycleFrom = wholeNumber(raw.cycleFrom, 'cycleFrom', 0, MAX_CYCLE);
  const cycleTo = wholeNumber(raw.cycleTo, 'cycleTo', 0, MAX_CYCLE);
  if (cycleFrom !== undefined && cycleTo !== undefined && cycleFrom > cycleTo)
    throw bad('cycleTo', `cycleTo (${cycleTo}) must not be less than cycleFrom (${cycleFrom})`);
  const seqFrom = wholeNumber(raw.seqFrom, 'seqFrom', 1, Number.MAX_SAFE_INTEGER);
  const seqTo = wholeNumber(raw.seqTo, 'seqTo', 1, Number.MAX_SAFE_INTEGER);
  if ((seqFrom !== undefined || seqTo !== undefined) && raw.fileId === undefined)
    throw bad(
      seqFrom !== undefined ? 'seqFrom' : 'seqTo',
      'a sample range (seqFrom, seqTo) needs fileId: sample numbers are per file',
    );
  if (seqFrom !== undefined && seqTo !== undefined && seqFrom > seqTo)
    throw bad('seqTo', `seqTo (${seqTo}) must not be less than seqFrom (${seqFrom})`);
  const least = M4Downsampler.minPoints(envelopeFields(fields).length);
  const maxPoints = wholeNumber(raw.points, 'points', least, MAX_POINTS) ?? Math.max(DEFAULT_POINTS, least);
  return {
    experimentId,
    fields,
    maxPoints,
    ...(cycleFrom === undefined ? {} : { cycleFrom }),
    ...(cycleTo === undefined ? {} : { cycleTo }),
    ...(raw.fileId === undefined ? {} : { fileId: toId(raw.fileId, 'fileId') }),
    ...(seqFrom === undefined ? {} : { seqFrom }),
    ...(seqTo === undefined ? {} : { seqTo }),
  };
}
