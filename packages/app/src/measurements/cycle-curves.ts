import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  type DifferentialCurve,
  DifferentialCapacity,
  trimTails,
  type VoltageBins,
} from './differential-capacity.ts';
import { M4Downsampler } from './downsample.ts';
import { HalfCycleCapacity } from './half-cycle-capacity.ts';
import { type CyclePasses, cyclePasses } from './cycle-blocks.ts';
import { valueAt } from './sample-codec.ts';

export type Direction = 'charge' | 'discharge';

/**
 * One charge or one discharge of a cycle: voltage against the capacity passed since it began,
 * in time order, and its dQ/dV. A cycle usually has one of each; a protocol that charges and
 * discharges twice within one cycle number has two of each.
 */
export interface CapacityCurve {
  direction: Direction;
  /** Samples of this charge or discharge (rests left out). */
  totalPoints: number;
  /** Samples in `capacityAh`/`voltageV` (M4 when there are more than asked for). */
  points: number;
  downsampled: boolean;
  /** Capacity passed since the charge or discharge began, non-decreasing (x of the curve). */
  capacityAh: number[];
  voltageV: number[];
  /** dQ/dV over every sample, by voltage; negative on discharge (capacity grows as voltage falls). */
  dqdv: DifferentialCurve;
}

export interface CycleCurves {
  fileId: number;
  cycle: number;
  /** Every sample of the cycle, rests included. */
  totalPoints: number;
  /** The voltage bins of dQ/dV (null when the cycle has no charge or discharge). */
  binWidthV: number | null;
  /** In the order they happen. */
  curves: CapacityCurve[];
}

/** A sample whose current is below this share of the cycle's largest is at rest. */
const REST_SHARE = 1e-3;
/** dQ/dV bins: 5 mV, the usual step of incremental capacity analysis… */
const BIN_V = 0.005;
/** …finer when the cycle spans less than a volt: 200 bins over its range, at least 1 mV. */
const MIN_BINS = 200;
const MIN_BIN_V = 0.001;
/**
 * Curves per cycle. Beyond this (pulse tests: HPPC, GITT), each further pulse joins the last
 * curve of its direction, so memory stays bounded and the plot readable.
 */
const MAX_CURVES = 12;

/**
 * Count and voltage range of the cycle's charge and discharge: two passes over the cycle's
 * samples (its largest current first, which decides what is a rest), from the blocks read once.
 */
async function cycleShape(passes: CyclePasses) {
  let total = 0;
  let peak = 0;
  await passes((read, i) => {
    total += 1;
    peak = Math.max(peak, Math.abs(read.block.columns.current_a.values[i]!));
  });
  const restA = peak * REST_SHARE;
  const counts = { charge: 0, discharge: 0 };
  let low: number | null = null;
  let high: number | null = null;
  await passes((read, i) => {
    const amps = read.block.columns.current_a.values[i]!;
    if (amps > restA) counts.charge += 1;
    else if (amps < -restA) counts.discharge += 1;
    if (Math.abs(amps) > restA) {
      const volts = read.block.columns.voltage_v.values[i]!;
      low = low === null ? volts : Math.min(low, volts);
      high = high === null ? volts : Math.max(high, volts);
    }
  });
  return { total, restA, counts, low: low as number | null, high: high as number | null };
}

function voltageBins(low: number, high: number): VoltageBins {
  const widthV = Math.max(MIN_BIN_V, Math.min(BIN_V, (high - low) / MIN_BINS));
  return { lowV: low, widthV, count: Math.max(1, Math.ceil((high - low) / widthV)) };
}

interface Run {
  direction: Direction;
  samples: number;
  capacity: HalfCycleCapacity;
  dqdv: DifferentialCapacity;
  curve: M4Downsampler;
  step: number | null;
}

/**
 * The voltage–capacity curves and dQ/dV of one cycle of one file, for plots a scientist reads:
 * the cycle's blocks are selected and read once (cycle-blocks.ts), then gone over three times
 * in memory — its peak current, its shape, its curves — in time order (memory: the cycle's
 * decoded blocks, at most 16; the voltage bins and the kept curve points of at most twelve curves). Samples are charge or
 * discharge by the sign of the current; rests (|I| under 0.1 % of the cycle's largest) are left
 * out. A curve runs from the first sample of one direction to the first of the other, across
 * rests and steps (CC then CV, top-up steps at lower current); its capacity is the cycler's
 * counter summed over those steps (`HalfCycleCapacity`), so it is one line in time order that
 * never runs back. Each direction's curves share `maxPoints` (M4); dQ/dV uses every sample
 * (`DifferentialCapacity`). The caller has decided that the experiment is visible.
 */
export async function findCycleCurves(
  db: Kysely<Database>,
  query: { experimentId: number; fileId: number; cycle: number; maxPoints: number },
): Promise<CycleCurves> {
  const passes = await cyclePasses(db, query);
  const shape = await cycleShape(passes);
  const base = { fileId: query.fileId, cycle: query.cycle, totalPoints: shape.total };
  if (shape.low === null || shape.high === null) return { ...base, binWidthV: null, curves: [] };
  const bins = voltageBins(shape.low, shape.high);
  const runs: Run[] = [];
  /** The run the previous moving sample belonged to (rests do not end a run). */
  let current: Run | null = null;
  /** Whether a rest (or a sample without a counter) came since the previous moving sample. */
  let rested = false;
  const startRun = (direction: Direction): Run => {
    const earlier = runs.some((r) => r.direction === direction);
    if (runs.length >= MAX_CURVES) {
      // Curves alternate in direction, so both have one by now.
      const last = [...runs].reverse().find((r) => r.direction === direction);
      if (last) return last;
    }
    const run: Run = {
      direction,
      samples: 0,
      // The first charge (discharge) keeps the counter's value, as the cycle summary does; a
      // later one in the same cycle counts from zero.
      capacity: new HalfCycleCapacity(earlier ? 'from-zero' : 'from-counter'),
      dqdv: new DifferentialCapacity(bins),
      // Total: the direction's samples, so all its curves together stay within maxPoints.
      curve: new M4Downsampler({
        total: shape.counts[direction],
        maxPoints: query.maxPoints,
        valueIndexes: [1],
      }),
      step: null,
    };
    runs.push(run);
    return run;
  };

  await passes((read, i) => {
    const { columns } = read.block;
    const amps = columns.current_a.values[i]!;
    const direction: Direction | null =
      amps > shape.restA ? 'charge' : amps < -shape.restA ? 'discharge' : null;
    const counter = valueAt(
      direction === 'charge' ? columns.charge_capacity_ah : columns.discharge_capacity_ah,
      i,
    );
    if (direction === null || counter === null) {
      rested = true;
      return;
    }
    const run: Run = current?.direction === direction ? current : startRun(direction);
    const step = valueAt(columns.step, i);
    const startsSegment = run !== current || rested || step !== run.step;
    const capacity = run.capacity.next(counter, step);
    const voltage = columns.voltage_v.values[i]!;
    run.dqdv.push(capacity, voltage, amps, startsSegment);
    run.curve.push([capacity, voltage]);
    run.samples += 1;
    run.step = step;
    current = run;
    rested = false;
  });

  return {
    ...base,
    binWidthV: bins.widthV,
    curves: runs.map((run) => {
      const kept = run.curve.finish();
      const dqdv = trimTails(run.dqdv.finish());
      const sign = run.direction === 'charge' ? 1 : -1;
      return {
        direction: run.direction,
        totalPoints: run.samples,
        points: kept.length,
        downsampled: kept.length < run.samples,
        capacityAh: kept.map((r) => r[0] ?? 0),
        voltageV: kept.map((r) => r[1] ?? 0),
        dqdv: { voltageV: dqdv.voltageV, dqdvAhPerV: dqdv.dqdvAhPerV.map((d) => sign * d) },
      };
    }),
  };
}
