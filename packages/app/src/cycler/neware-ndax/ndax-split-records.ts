import { CyclerParseError } from '../cycler-parse-error.ts';
import type { NdaxRecord } from './ndax-records.ts';
import { ndcRecords, type NdcFile } from './ndc-pages.ts';

interface SplitLayout {
  /** data.ndc holds [voltage, current] float pairs; these turn them into V and mA. */
  voltage: number;
  current: number;
  /** data_runInfo.ndc records: where they sit, and the factor from their counters to mAh / mWh. */
  run: { start: number; tail: number; size: number; counter: number };
  /** data_step.ndc records; `index` is where a record's "in use" index sits (null: test the step). */
  step: { start: number; tail: number; size: number; index: number | null };
}

/**
 * Versions 11–17 (BTS 8) split a sample over three files: data.ndc has only voltage and current
 * per sample index; data_runInfo.ndc has time, counters and a step number for *some* indices
 * (every 10th to 60th sample in the fixtures); data_step.ndc maps step numbers to cycle, step and
 * state. Samples between two run-info records get their time interpolated within the step and
 * their counters carried on by integrating the measured current (what the cycler's own software
 * shows for them too), so every measured voltage and current is kept.
 */
const SPLIT_LAYOUTS: Readonly<Record<number, SplitLayout>> = {
  11: {
    voltage: 1e-4,
    current: 1,
    run: { start: 132, tail: 16, size: 47, counter: 1 / 3600 },
    step: { start: 132, tail: 5, size: 37, index: null },
  },
  14: {
    voltage: 1,
    current: 1000,
    run: { start: 132, tail: 4, size: 55, counter: 1000 },
    step: { start: 132, tail: 5, size: 37, index: null },
  },
  16: {
    voltage: 1e-4,
    current: 1,
    run: { start: 132, tail: 64, size: 100, counter: 1 / 3600 },
    step: { start: 132, tail: 64, size: 100, index: 33 },
  },
  17: {
    voltage: 1,
    current: 1000,
    run: { start: 132, tail: 64, size: 100, counter: 1000 },
    step: { start: 132, tail: 64, size: 100, index: 33 },
  },
};

export function splitLayout(version: number): SplitLayout {
  const layout = SPLIT_LAYOUTS[version];
  if (layout === undefined)
    throw new CyclerParseError(
      `This Neware .ndax file is written in format version ${version}, which we do not read yet ` +
        `(we read versions 5, ${Object.keys(SPLIT_LAYOUTS).join(', ')}). Export it from BTSDA as CSV instead.`,
      { reason: 'unrecognised-format' },
    );
  return layout;
}

interface RunInfo {
  index: number;
  timeS: number;
  counters: [number, number, number, number];
  stepRun: number;
}

function runInfos(file: NdcFile, layout: SplitLayout): RunInfo[] {
  const b = file.bytes;
  const { start, tail, size, counter } = layout.run;
  const out: RunInfo[] = [];
  const seen = new Set<number>();
  let stepRun = 0;
  let lastStep: number | null = null;
  for (const o of ndcRecords(file, start, tail, size)) {
    const index = b.readInt32LE(o + 41);
    if (index === 0) continue;
    const step = b.readInt32LE(o + 37);
    if (step !== lastStep) {
      stepRun += 1;
      lastStep = step;
    }
    if (seen.has(index)) continue;
    seen.add(index);
    out.push({
      index,
      // +0 is the step time; the wall clock (+33 s, +45 ms) is what runs through the whole test.
      timeS: b.readInt32LE(o + 33) + b.readInt16LE(o + 45) / 1000,
      counters: [5, 9, 13, 17].map((at) => b.readFloatLE(o + at) * counter) as RunInfo['counters'],
      stepRun,
    });
  }
  const first = Math.min(...out.map((r) => r.timeS));
  for (const r of out) r.timeS = Math.round((r.timeS - first) * 1000) / 1000;
  return out.sort((x, y) => x.index - y.index);
}

function steps(file: NdcFile, layout: SplitLayout): { cycle: number; step: number; status: number }[] {
  const b = file.bytes;
  const { start, tail, size, index } = layout.step;
  const out: { cycle: number; step: number; status: number }[] = [];
  for (const o of ndcRecords(file, start, tail, size)) {
    const step = b.readInt32LE(o + 4);
    if (index === null ? step === 0 : b.readInt32LE(o + index) === 0) continue;
    out.push({ cycle: b.readInt32LE(o) + 1, step, status: b[o + 24]! });
  }
  return out;
}

export function* splitRecords(data: NdcFile, runFile: NdcFile, stepFile: NdcFile): Generator<NdaxRecord> {
  const layout = splitLayout(data.version);
  const runs = runInfos(runFile, splitLayout(runFile.version));
  const stepTable = steps(stepFile, splitLayout(stepFile.version));
  if (runs.length === 0)
    throw new CyclerParseError('This Neware .ndax file has no run records (data_runInfo.ndc is empty).', {
      reason: 'no-data',
    });
  const b = data.bytes;
  let next = 0; // runs[next] is the first run record at or after the current index
  let previous: RunInfo | null = null;
  let counters: [number, number, number, number] = [0, 0, 0, 0];
  let timeS = 0;
  let index = 0;
  for (const o of ndcSamples(data)) {
    index += 1;
    const voltageV = b.readFloatLE(o) * layout.voltage;
    const currentMA = b.readFloatLE(o + 4) * layout.current;
    if (voltageV === 0) continue;
    while (next < runs.length && runs[next]!.index < index) next += 1;
    const known = runs[next]?.index === index ? runs[next]! : null;
    const upcoming = runs[next];
    let stepRun: number;
    if (known !== null) {
      timeS = known.timeS;
      counters = [...known.counters];
      stepRun = known.stepRun;
      previous = known;
    } else {
      stepRun = previous?.stepRun ?? upcoming?.stepRun ?? 1;
      const before = timeS;
      if (previous !== null && upcoming !== undefined && upcoming.stepRun === stepRun) {
        // Between two run records of the same step: linear in the sample index.
        const share = (index - previous.index) / (upcoming.index - previous.index);
        timeS = previous.timeS + (upcoming.timeS - previous.timeS) * share;
      } else if (previous !== null) {
        // After the step's last run record: on at the interval the samples since it have kept.
        const since = index - 1 - previous.index;
        timeS = before + (since > 0 && before > previous.timeS ? (before - previous.timeS) / since : 1);
      } else timeS = upcoming?.timeS ?? 0;
      const hours = Math.max(0, timeS - before) / 3600;
      const mAh = Math.abs(currentMA) * hours;
      if (currentMA > 0) {
        counters[0] += mAh;
        counters[2] += mAh * voltageV;
      } else if (currentMA < 0) {
        counters[1] += mAh;
        counters[3] += mAh * voltageV;
      }
    }
    const step = stepTable[stepRun - 1];
    yield {
      index,
      cycle: step?.cycle ?? 1,
      step: step?.step ?? stepRun,
      stepRun,
      status: step?.status ?? 0,
      timeS,
      voltageV,
      currentMA,
      chargeMAh: counters[0],
      dischargeMAh: counters[1],
      chargeMWh: counters[2],
      dischargeMWh: counters[3],
    };
  }
}

/** Offsets of data.ndc's [voltage, current] float pairs, in sample-index order. */
function ndcSamples(data: NdcFile): Generator<number> {
  return ndcRecords(data, 132, 4, 8);
}
