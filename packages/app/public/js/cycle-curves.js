// @ts-check
/**
 * Voltage vs capacity and dQ/dV of chosen cycles, from GET …/cycle-curves (one request per
 * cycle): the server splits each cycle into charge and discharge in time order, sums each
 * direction's capacity over its steps, downsamples the curve and computes dQ/dV over every
 * sample. Drawn with uPlot's xy mode (mode 2: each curve has its own x and is drawn in data
 * order), so a curve never needs sorting and never zigzags.
 */
import { getJson } from './api.js';
import { chart, colour, legend, status } from './plot-kit.js';

/** Samples per curve: plenty for a plot a few hundred pixels wide. */
const POINTS = 1000;

/**
 * @typedef {{ direction: 'charge' | 'discharge', capacityAh: number[], voltageV: number[],
 *   dqdv: { voltageV: number[], dqdvAhPerV: number[] } }} Half
 * @typedef {{ cycle: number, totalPoints: number, binWidthV: number | null, curves: Half[] }} CycleCurves
 * @typedef {{ factor: number, label: string }} Unit
 */

/**
 * One xy series per curve, coloured by cycle, dashed on discharge.
 * @param {string} label
 * @param {number} i
 * @param {Half['direction']} direction
 * @returns {uPlot.Series}
 */
const curveSeries = (label, i, direction) => ({
  label,
  stroke: colour(i),
  width: 1.75,
  points: { show: false },
  ...(direction === 'discharge' ? { dash: [7, 4] } : {}),
});

/** Shared by both xy plots; their legend is ours (one swatch per cycle), not uPlot's table. */
const XY = /** @type {const} */ ({
  mode: 2,
  legend: { show: false },
  cursor: { drag: { x: false, y: false } },
});
const STYLE_NOTE = 'solid: charge, dashed: discharge';

/** The latest call of drawCycleCurves: an earlier one whose answers come later draws nothing. */
let generation = 0;

/**
 * Draws the two plots for chosen cycles, each of its own file (a cell's cycle lives in one of
 * the cell's files), in the chosen unit (`factor` per cycle: mAh/g uses each cell's own mass).
 * @param {string} base `/api/experiments/:id` (a wanted cycle's own `base` wins: the compare page's cells are of several experiments)
 * @param {{ base?: string, fileId: number, cycle: number, label: string, factor: number }[]} wanted
 * @param {string} unitLabel
 * @param {boolean} typed whether any cycle number was typed
 */
export async function drawCycleCurves(base, wanted, unitLabel, typed) {
  const mine = ++generation;
  const voltage = document.getElementById('plot-voltage');
  const dqdv = document.getElementById('plot-dqdv');
  if (!voltage || !dqdv) return;
  if (wanted.length === 0) {
    status(
      'plot-voltage',
      typed ? 'None of the chosen cells has these cycles.' : 'Type one or more cycle numbers above.',
    );
    status('plot-dqdv', '');
    return;
  }
  status('plot-voltage', 'Loading…');
  status('plot-dqdv', 'Loading…');
  /** @type {CycleCurves[]} */
  let loaded;
  try {
    loaded = await Promise.all(
      wanted.map(
        async (w) =>
          /** @type {CycleCurves} */ (
            await getJson(
              `${w.base ?? base}/cycle-curves?fileId=${w.fileId}&cycle=${w.cycle}&points=${POINTS}`,
            )
          ),
      ),
    );
  } catch (error) {
    if (mine !== generation) return;
    status('plot-voltage', `Could not load the cycles: ${String(error)}`);
    status('plot-dqdv', '');
    return;
  }
  // A later choice was made while these loaded: its drawing wins, whichever answers last.
  if (mine !== generation) return;
  const missing = loaded.flatMap((c, i) => (c.curves.length === 0 ? [wanted[i]?.label ?? ''] : []));
  const note = missing.length ? ` No charge or discharge in ${missing.join(', ')}.` : '';
  /** @type {uPlot.Series[]} */
  const curves = [{}];
  /** @type {(null | number[][])[]} */
  const curveData = [null];
  /** @type {uPlot.Series[]} */
  const derivatives = [{}];
  /** @type {(null | number[][])[]} */
  const derivativeData = [null];
  loaded.forEach((c, i) => {
    const factor = wanted[i]?.factor ?? 1;
    /** @type {Record<string, number>} */
    const seen = {};
    for (const half of c.curves) {
      // A protocol may charge twice within one cycle number: "Cycle 3 charge 2".
      const nth = (seen[half.direction] = (seen[half.direction] ?? 0) + 1);
      const label = `${wanted[i]?.label ?? ''} ${half.direction}${nth > 1 ? ` ${nth}` : ''}`;
      curves.push(curveSeries(label, i, half.direction));
      curveData.push([half.capacityAh.map((q) => q * factor), half.voltageV]);
      if (half.dqdv.voltageV.length < 2) continue;
      derivatives.push(curveSeries(label, i, half.direction));
      derivativeData.push([half.dqdv.voltageV, half.dqdv.dqdvAhPerV.map((d) => d * factor)]);
    }
  });
  if (curves.length === 1) {
    status('plot-voltage', `No charge or discharge to plot.${note}`);
    status('plot-dqdv', '');
    return;
  }
  const swatches = loaded
    .map((c, i) => ({ label: wanted[i]?.label ?? '', colour: colour(i), shown: c.curves.length > 0 }))
    .filter((s) => s.shown);
  chart(
    voltage,
    {
      ...XY,
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: `Capacity (${unitLabel})` }, { label: 'Voltage (V)', size: 60 }],
      series: curves,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (curveData)),
  );
  legend('plot-voltage', swatches, STYLE_NOTE);
  status('plot-voltage', `Capacity counted from the start of each charge and discharge.${note}`);
  if (derivatives.length === 1) {
    legend('plot-dqdv', []);
    status('plot-dqdv', 'Not enough samples for dQ/dV.');
    return;
  }
  legend('plot-dqdv', swatches, STYLE_NOTE);
  chart(
    dqdv,
    {
      ...XY,
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: 'Voltage (V)' }, { label: `dQ/dV (${unitLabel}/V)`, size: 70 }],
      series: derivatives,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (derivativeData)),
  );
  status(
    'plot-dqdv',
    `From every sample, in ${binWords(loaded)} bins, lightly smoothed; constant-voltage holds left out; discharge below zero.`,
  );
}

/**
 * The voltage bins' width in words: "4 mV", or "2–4 mV" when the cycles differ — compared as
 * written, so 4.0 and 4.04 mV read "4 mV" (never "4–4 mV").
 * @param {CycleCurves[]} loaded
 */
export function binWords(loaded) {
  const mv = (/** @type {number} */ w) => String(Number((w * 1000).toPrecision(2)));
  const widths = [...new Set(loaded.flatMap((c) => (c.binWidthV === null ? [] : [c.binWidthV])).map(mv))];
  widths.sort((a, b) => Number(a) - Number(b));
  if (widths.length === 0) return 'voltage';
  return widths.length === 1 ? `${widths[0]} mV` : `${widths[0]}–${widths[widths.length - 1]} mV`;
}
