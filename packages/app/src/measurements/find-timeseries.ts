import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { blockHeaders, readBlocks, seqAt } from './block-reader.ts';
import { M4Downsampler } from './downsample.ts';
import { MEASUREMENT_FIELDS, type MeasurementField, POSITION_FIELDS } from './measurement-fields.ts';
import { OVERVIEW_BUCKETS } from './overview-pyramid.ts';
import { countPoints, filteredFiles, type PointFilter, readPoints } from './read-points.ts';
import { valueAt } from './sample-codec.ts';

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
 * The overview level to read for a plot of `total` samples in `buckets` M4 buckets: the coarsest
 * whose buckets are no larger than the plot's (so each plot bucket's extremes are among its
 * kept samples), or 0 (every sample) when the plot is finer than level 1.
 */
export function overviewLevel(total: number, buckets: number): number {
  let level = 0;
  OVERVIEW_BUCKETS.forEach((size, i) => {
    if (size <= total / buckets) level = i + 1;
  });
  return level;
}

/**
 * The samples of an experiment for a plot: at most `maxPoints`, downsampled with M4 when there
 * are more. A whole file or experiment is read from the overview level that suits the plot
 * (overview-pyramid.ts: a few samples per bucket of 256, 4,096 or 65,536), so its cost does not
 * grow with the file; a cycle or seq range from the blocks that overlap it. The caller has
 * decided that the experiment is visible and validated the query.
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
  const ranged = [query.cycleFrom, query.cycleTo, query.seqFrom, query.seqTo].some((v) => v !== undefined);
  const buckets = Math.floor(query.maxPoints / M4Downsampler.minPoints(envelope.length));
  const level = ranged || !sampler.downsampled ? 0 : overviewLevel(total, buckets);
  if (level === 0) {
    for await (const page of readPoints(db, query, columns))
      for (const row of page) sampler.push(columns.map((c) => row[c]));
  } else {
    // Kept samples placed where they stand among all samples: the files' samples one after another.
    let offset = 0;
    for (const file of await filteredFiles(db, query)) {
      const key = { experimentId: query.experimentId, fileId: file.id };
      for await (const read of readBlocks(db, key, await blockHeaders(db, key, level))) {
        const sources = columns.map((c) => (c === 'file_id' || c === 'seq' ? c : read.block.columns[c]));
        for (let i = 0; i < read.count; i++) {
          const seq = seqAt(read, i);
          const values = sources.map((s) => (s === 'file_id' ? file.id : s === 'seq' ? seq : valueAt(s, i)));
          sampler.push(values, offset + seq - 1);
        }
      }
      offset += file.points;
    }
  }
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
