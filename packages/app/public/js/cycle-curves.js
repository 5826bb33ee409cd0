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

/**
 * Draws the two plots for `cycles` of one file, in the chosen capacity unit.
 * @param {string} base `/api/experiments/:id`
 * @param {number} fileId
 * @param {number[]} cycles
 * @param {Unit} unit
 */
export async function drawCycleCurves(base, fileId, cycles, unit) {
  const voltage = document.getElementById('plot-voltage');
  const dqdv = document.getElementById('plot-dqdv');
  if (!voltage || !dqdv) return;
  if (cycles.length === 0) {
    status('plot-voltage', 'Type one or more cycle numbers above.');
    status('plot-dqdv', '');
    return;
  }
  status('plot-voltage', 'Loading…');
  status('plot-dqdv', 'Loading…');
  /** @type {CycleCurves[]} */
  let loaded;
  try {
    loaded = await Promise.all(
      cycles.map(
        async (cycle) =>
          /** @type {CycleCurves} */ (
            await getJson(`${base}/cycle-curves?fileId=${fileId}&cycle=${cycle}&points=${POINTS}`)
          ),
      ),
    );
  } catch (error) {
    status('plot-voltage', `Could not load the cycles: ${String(error)}`);
    status('plot-dqdv', '');
    return;
  }
  const missing = loaded.filter((c) => c.curves.length === 0).map((c) => c.cycle);
  const note = missing.length
    ? ` Cycle ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no charge or discharge in this file.`
    : '';
  /** @type {uPlot.Series[]} */
  const curves = [{}];
  /** @type {(null | number[][])[]} */
  const curveData = [null];
  /** @type {uPlot.Series[]} */
  const derivatives = [{}];
  /** @type {(null | number[][])[]} */
  const derivativeData = [null];
  loaded.forEach((c, i) => {
    /** @type {Record<string, number>} */
    const seen = {};
    for (const half of c.curves) {
      // A protocol may charge twice within one cycle number: "Cycle 3 charge 2".
      const nth = (seen[half.direction] = (seen[half.direction] ?? 0) + 1);
      const label = `Cycle ${c.cycle} ${half.direction}${nth > 1 ? ` ${nth}` : ''}`;
      curves.push(curveSeries(label, i, half.direction));
      curveData.push([half.capacityAh.map((q) => q * unit.factor), half.voltageV]);
      if (half.dqdv.voltageV.length < 2) continue;
      derivatives.push(curveSeries(label, i, half.direction));
      derivativeData.push([half.dqdv.voltageV, half.dqdv.dqdvAhPerV.map((d) => d * unit.factor)]);
    }
  });
  if (curves.length === 1) {
    status('plot-voltage', `No charge or discharge to plot.${note}`);
    status('plot-dqdv', '');
    return;
  }
  const swatches = loaded
    .map((c, i) => ({ label: `Cycle ${c.cycle}`, colour: colour(i), shown: c.curves.length > 0 }))
    .filter((s) => s.shown);
  chart(
    voltage,
    {
      ...XY,
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: `Capacity (${unit.label})` }, { label: 'Voltage (V)', size: 60 }],
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
  const widths = loaded.flatMap((c) => (c.binWidthV === null ? [] : [c.binWidthV * 1000]));
  const mv = (/** @type {number} */ w) => String(Number(w.toPrecision(2)));
  const [least, most] = [Math.min(...widths), Math.max(...widths)];
  const bins = least === most ? `${mv(least)} mV` : `${mv(least)}–${mv(most)} mV`;
  chart(
    dqdv,
    {
      ...XY,
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: 'Voltage (V)' }, { label: `dQ/dV (${unit.label}/V)`, size: 70 }],
      series: derivatives,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (derivativeData)),
  );
  status(
    'plot-dqdv',
    `From every sample, in ${bins} voltage bins, lightly smoothed; constant-voltage holds left out; discharge below zero.`,
  );
}
