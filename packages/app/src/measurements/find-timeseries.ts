import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { M4Downsampler } from './downsample.ts';
import { MEASUREMENT_FIELDS, type MeasurementField, POSITION_FIELDS } from './measurement-fields.ts';
import { countPoints, type PointFilter, readPoints } from './read-points.ts';

export interface TimeseriesQuery extends PointFilter {
  fields: readonly MeasurementField[];
  maxPoints: number;
}

/** Columnar, as plotting libraries take it: `columns.voltageV[i]` belongs with `columns.timeS[i]`. */
export interface Timeseries {
  fields: MeasurementField[];
  /** Samples matching the filter before downsampling. */
  totalPoints: number;
  /** Samples returned (≤ maxPoints). */
  points: number;
  downsampled: boolean;
  method: 'none' | 'm4';
  columns: Record<string, (number | null)[]>;
}

/** Fields whose extremes each bucket keeps: the requested ones that measure something. */
export function envelopeFields(fields: readonly MeasurementField[]): MeasurementField[] {
  return fields.filter((f) => !POSITION_FIELDS.has(f));
}

/**
 * The samples of an experiment for a plot: at most `maxPoints`, downsampled with M4 when there
 * are more. Reads the matching samples once, a page at a time. The caller has decided that the
 * experiment is visible and validated the query.
 */
export async function findTimeseries(db: Kysely<Database>, query: TimeseriesQuery): Promise<Timeseries> {
  const fields = [...query.fields];
  const total = await countPoints(db, query);
  const envelope = envelopeFields(fields);
  const sampler = new M4Downsampler({
    total,
    maxPoints: query.maxPoints,
    valueIndexes: envelope.map((f) => fields.indexOf(f)),
  });
  const columns = fields.map((f) => MEASUREMENT_FIELDS[f]);
  for await (const page of readPoints(db, query, columns))
    for (const row of page) sampler.push(columns.map((c) => row[c]));
  const rows = sampler.finish();
  return {
    fields,
    totalPoints: total,
    points: rows.length,
    downsampled: sampler.downsampled,
    method: sampler.downsampled ? 'm4' : 'none',
    columns: Object.fromEntries(fields.map((f, i) => [f, rows.map((r) => r[i] ?? null)])),
  };
}
