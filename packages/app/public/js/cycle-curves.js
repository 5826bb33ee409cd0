// @ts-check
/**
 * Voltage vs capacity and dQ/dV of chosen cycles, from GET …/cycle-curves (one request per
 * cycle): the server splits each cycle into charge and discharge in time order, sums each
 * direction's capacity over its steps, downsamples the curve and computes dQ/dV over every
 * sample. Drawn with uPlot's xy mode (mode 2: each curve has its own x and is drawn in data
 * order), so a curve never needs sorting and never zigzags.
 */
import { getJson } from './api.js';
import { cycleColour, FEW_CYCLES, showColourBar } from './colour-map.js';
import { setFigureKey } from './figure-legend.js';
import { chart, colour, legend, status } from './plot-kit.js';
import { toggleLegend } from './plot-legend.js';
import { keepZoom } from './plot-state.js';

/** Samples per curve: plenty for a plot a few hundred pixels wide. */
const POINTS = 1000;

/**
 * @typedef {{ direction: 'charge' | 'discharge', capacityAh: number[], voltageV: number[],
 *   dqdv: { voltageV: number[], dqdvAhPerV: number[] } }} Half
 * @typedef {{ cycle: number, totalPoints: number, binWidthV: number | null, curves: Half[] }} CycleCurves
 * @typedef {{ factor: number, label: string }} Unit
 * @typedef {{ base?: string, fileId: number, cycle: number, label: string, factor: number, cellId?: number, cellCycle?: number }} Wanted
 */

/**
 * One xy series per curve, coloured by cycle, dashed on discharge.
 * @param {string} label
 * @param {string} stroke
 * @param {Half['direction']} direction
 * @returns {uPlot.Series}
 */
const curveSeries = (label, stroke, direction) => ({
  label,
  stroke,
  width: 1.75,
  points: { show: false },
  ...(direction === 'discharge' ? { dash: [7, 4] } : {}),
});

/** Shared by both xy plots; their legend is ours (one swatch per cycle), not uPlot's table. */
const XY = /** @type {const} */ ({
  mode: 2,
  legend: { show: false },
  cursor: { drag: { x: true, y: false } },
});
const STYLE_NOTE = 'solid: charge, dashed: discharge';

/** The latest call of drawCycleCurves: an earlier one whose answers come later draws nothing. */
let generation = 0;

/**
 * Draws the two plots for chosen cycles, each of its own file (a cell's cycle lives in one of
 * the cell's files), in the chosen unit (`factor` per cycle: mAh/g uses each cell's own mass).
 * Each cycle's colour: distinct colours for a few, its number on the colour map (with a colour
 * bar) when more than a few cycles of one cell are drawn.
 * @param {string} base `/api/experiments/:id` (a wanted cycle's own `base` wins: the compare page's cells are of several experiments)
 * @param {Wanted[]} wanted
 * @param {string} unitLabel
 * @param {boolean} typed whether any cycle number was typed
 */
export async function drawCycleCurves(base, wanted, unitLabel, typed) {
  const mine = ++generation;
  const voltage = document.getElementById('plot-voltage');
  const dqdv = document.getElementById('plot-dqdv');
  if (!voltage || !dqdv) return;
  const paint = colouring(wanted);
  if (wanted.length === 0) {
    for (const id of ['plot-voltage', 'plot-dqdv']) {
      showColourBar(id, null);
      legend(id, []);
    }
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
  /** Per wanted cycle, its series in each plot (for its legend entry). @type {number[][][]} */
  const seriesOf = wanted.map(() => [[], []]);
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
      seriesOf[i]?.[0]?.push(curves.length);
      curves.push(curveSeries(label, paint(i), half.direction));
      curveData.push([half.capacityAh.map((q) => q * factor), half.voltageV]);
      if (half.dqdv.voltageV.length < 2) continue;
      seriesOf[i]?.[1]?.push(derivatives.length);
      derivatives.push(curveSeries(label, paint(i), half.direction));
      derivativeData.push([half.dqdv.voltageV, half.dqdv.dqdvAhPerV.map((d) => d * factor)]);
    }
  });
  if (curves.length === 1) {
    status('plot-voltage', `No charge or discharge to plot.${note}`);
    status('plot-dqdv', '');
    return;
  }
  /** @param {0 | 1} plot */
  const items = (plot) =>
    wanted.flatMap((w, i) => {
      const series = seriesOf[i]?.[plot] ?? [];
      const key = w.cellId === undefined ? String(i) : `${w.cellId}.${w.cellCycle ?? w.cycle}`;
      return series.length ? [{ key, label: w.label, colour: paint(i), series }] : [];
    });
  const voltagePlot = chart(
    voltage,
    {
      ...XY,
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: `Capacity (${unitLabel})` }, { label: 'Voltage (V)', size: 60 }],
      series: curves,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (curveData)),
  );
  finish(voltage, voltagePlot, items(0), paint.bar);
  const cells = new Set(wanted.map((w) => w.cellId)).size;
  const mapNote =
    paint.bar && cells > 1
      ? ' Colour is the cycle number: hide cells’ cycles in the legend to tell the cells apart.'
      : '';
  status('plot-voltage', `Capacity counted from the start of each charge and discharge.${note}${mapNote}`);
  if (derivatives.length === 1) {
    legend('plot-dqdv', []);
    showColourBar('plot-dqdv', null);
    status('plot-dqdv', 'Not enough samples for dQ/dV.');
    return;
  }
  const dqdvPlot = chart(
    dqdv,
    {
      ...XY,
      scales: { x: { time: false }, y: { auto: true } },
      axes: [{ label: 'Voltage (V)' }, { label: `dQ/dV (${unitLabel}/V)`, size: 70 }],
      series: derivatives,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (derivativeData)),
  );
  finish(dqdv, dqdvPlot, items(1), paint.bar);
  status(
    'plot-dqdv',
    `From every sample, in ${binWords(loaded)} bins, lightly smoothed; constant-voltage holds left out; discharge below zero.`,
  );
}

/**
 * The colour of each wanted cycle, and the colour bar when they are coloured by number.
 * @param {Wanted[]} wanted
 */
function colouring(wanted) {
  /** @type {Map<number | undefined, number>} */
  const perCell = new Map();
  for (const w of wanted) perCell.set(w.cellId, (perCell.get(w.cellId) ?? 0) + 1);
  const numbers = wanted.map((w) => w.cellCycle ?? w.cycle);
  const [min, max] = [Math.min(...numbers), Math.max(...numbers)];
  const many = Math.max(0, ...perCell.values()) > FEW_CYCLES;
  const paint = (/** @type {number} */ i) => (many ? cycleColour(numbers[i] ?? min, min, max) : colour(i));
  return Object.assign(paint, { bar: many ? { label: 'Cycle', min, max } : null });
}

/**
 * A drawn curve plot's legend (entries hide their cycle), colour bar, zoom kept in the URL, and
 * what it shows for tests and exports: `data-series` (curves drawn), `data-colour-map`.
 * @param {HTMLElement} container
 * @param {uPlot} plot
 * @param {import('./plot-legend.js').LegendItem[]} items
 * @param {import('./colour-map.js').ColourBar | null} bar
 */
function finish(container, plot, items, bar) {
  toggleLegend(container, plot, items, STYLE_NOTE);
  showColourBar(container.id, bar);
  if (bar) setFigureKey(plot, { colourBar: bar, note: STYLE_NOTE });
  container.dataset.series = String(plot.series.length - 1);
  container.dataset.colourMap = bar ? 'cycle' : 'categorical';
  keepZoom(container, plot);
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
