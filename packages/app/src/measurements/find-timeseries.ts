import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { seqAt } from './block-reader.ts';
import { M4Downsampler } from './downsample.ts';
import { MEASUREMENT_FIELDS, type MeasurementField, POSITION_FIELDS } from './measurement-fields.ts';
import { OVERVIEW_BUCKETS } from './overview-pyramid.ts';
import { readLevelBlocks } from './overview-read.ts';
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
 * (overview-pyramid.ts: a few samples per bucket of 256, 4,096 or 65,536; the level chosen from
 * the experiment's total, so every file is read at the same one), all its files' blocks in one
 * statement (overview-read.ts), so its cost grows neither with the file nor with the number of
 * files; a cycle or seq range from the blocks that overlap it. The caller has decided that the
 * experiment is visible and validated the query.
 */
export async function findTimeseries(db: Kysely<Database>, query: TimeseriesQuery): Promise<Timeseries> {
  const fields = [...query.fields];
  // The files once, for the count and the read (a statement per overview, not one per use).
  const files = await filteredFiles(db, query);
  const total = await countPoints(db, query, files);
  const envelope = envelopeFields(fields);
  const sampler = new M4Downsampler({
    total,
    maxPoints: query.maxPoints,
    valueIndexes: envelope.map((f) => fields.indexOf(f)),
  });
  const columns = fields.map((f) => MEASUREMENT_FIELDS[f]);
  const ranged = [query.cycleFrom, query.cycleTo, query.seqFrom, query.seqTo].some((v) => v !== undefined);
  const buckets = Math.floor(query.maxPoints / M4Downsampler.minPoints(envelope.length));
  if (ranged) {
    for await (const page of readPoints(db, query, columns))
      for (const row of page) sampler.push(columns.map((c) => row[c]));
  } else {
    // The whole of each file, from the level that suits the plot: every file's blocks at once.
    const level = sampler.downsampled ? overviewLevel(total, buckets) : 0;
    const offsets = new Map<number, number>();
    let offset = 0;
    for (const file of files) {
      offsets.set(file.id, offset);
      offset += file.points;
    }
    for await (const { fileId, read } of readLevelBlocks(db, query.experimentId, files, level)) {
      const sources = columns.map((c) => (c === 'file_id' || c === 'seq' ? c : read.block.columns[c]));
      // Kept samples placed where they stand among all samples: the files' samples one after another.
      const start = offsets.get(fileId)! - 1;
      for (let i = 0; i < read.count; i++) {
        const seq = seqAt(read, i);
        // A plain loop: a closure per sample cost a sixth to a quarter of the overview's CPU (measured).
        const values: (number | null)[] = [];
        for (const s of sources) values.push(s === 'file_id' ? fileId : s === 'seq' ? seq : valueAt(s, i));
        if (level === 0) sampler.push(values);
        else sampler.push(values, start + seq);
      }
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
