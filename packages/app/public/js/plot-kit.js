// @ts-check
/**
 * Small helpers shared by the plot scripts: uPlot charts that fit their container, colours,
 * tick labels, legends, and units chosen by magnitude. uPlot is the global of
 * /assets/vendor/uPlot.iife.min.js.
 */
import { offerExport } from './plot-export.js';

export const COLOURS = [
  '#1f5fbf',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#4d7c0f',
];

/** @param {number} i */
export const colour = (i) => COLOURS[i % COLOURS.length] ?? '#1f5fbf';

/**
 * The decimals an axis step needs: 0.25 → 2, 0.5 → 1, 5 → 0 (so 1.0699 and 1.0701 never
 * both read "1.07").
 * @param {number} step
 */
export function decimalsOf(step) {
  for (let d = 0; d < 12; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/**
 * Tick labels with as many decimals as the axis step needs (uPlot's default rounds to the
 * step's magnitude, which is right, but drops trailing digits of small steps unevenly).
 * @param {uPlot} _u
 * @param {number[]} splits
 * @param {number} _axis
 * @param {number} _space
 * @param {number} step
 */
export const ticks = (_u, splits, _axis, _space, step) => {
  const decimals = decimalsOf(step);
  return splits.map((v) => (Math.abs(v) >= 1e6 ? v.toPrecision(3) : v.toFixed(decimals)));
};

/**
 * A value in the legend under the cursor: four significant digits (not uPlot's raw float), and
 * a dash while the cursor is off the plot (not "--").
 * @param {uPlot} _u
 * @param {number | null} v
 */
export const legendValue = (_u, v) =>
  v === null || v === undefined ? '–' : String(Number(v.toPrecision(4)));

/** Whole numbers only (cycles): uPlot's steps from 1 up. */
export const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000,
];

/**
 * Room between x ticks: uPlot's 50 px, but 30 px on a phone-wide plot, where 50 px leaves a
 * single tick on a time axis.
 * @type {uPlot.Axis.Space}
 */
const xSpace = (_u, _axis, _min, _max, plotDim) => (plotDim < 320 ? 30 : 50);

/**
 * A chart sized to its container, resized with it.
 * @param {HTMLElement} container
 * @param {Omit<uPlot.Options, 'width' | 'height'>} options
 * @param {uPlot.AlignedData} data
 * @returns {uPlot}
 */
export function chart(container, options, data) {
  container.replaceChildren();
  const size = () => ({ width: Math.max(260, container.clientWidth), height: 300 });
  const axes = (options.axes ?? []).map((axis, i) => ({
    ...(i === 0 && axis.space === undefined ? { space: xSpace } : {}),
    ...(axis.values ? {} : { values: ticks }),
    ...axis,
  }));
  const series = (options.series ?? []).map((one) => (one.value ? one : { ...one, value: legendValue }));
  const plot = new uPlot({ ...options, axes, series, ...size() }, data, container);
  new ResizeObserver(() => plot.setSize(size())).observe(container);
  offerExport(container, plot);
  return plot;
}

/**
 * A compact legend under a plot: one swatch per colour (cycle, experiment), and a note for what
 * the line style means. Replaces uPlot's table when a plot has many series.
 * @param {string} id the plot's element id; the legend goes into `${id}-legend`
 * @param {{ label: string, colour: string }[]} items
 * @param {string} [note]
 */
export function legend(id, items, note) {
  const list = document.getElementById(`${id}-legend`);
  if (!list) return;
  list.replaceChildren(
    ...items.map((item) => {
      const entry = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = item.colour;
      entry.append(swatch, item.label);
      return entry;
    }),
  );
  if (note) {
    const entry = document.createElement('li');
    entry.className = 'legend-note';
    entry.textContent = note;
    list.append(entry);
  }
}

/**
 * Shows a line of status under a plot (loading, empty, error).
 * @param {string} id
 * @param {string} text
 */
export function status(id, text) {
  const element = document.getElementById(`${id}-status`);
  if (element) element.textContent = text;
}

/**
 * A capacity in Ah as the unit chosen: Ah, mAh, or mAh/g with the active mass (mg).
 * @param {string} unit `ah`, `mah` or `mahg`
 * @param {number | null} massMg
 * @returns {{ factor: number, label: string }}
 */
export function capacityUnit(unit, massMg) {
  if (unit === 'mahg' && massMg) return { factor: 1e6 / massMg, label: 'mAh/g' };
  if (unit === 'mah') return { factor: 1000, label: 'mAh' };
  return { factor: 1, label: 'Ah' };
}

/**
 * A, mA or µA, by the largest current to show (a coin cell's 0.5 mA reads as "0.5 mA", not
 * "0.0005 A"; a half-cell at 50 µA as "50 µA", not "0.050 mA").
 * @param {number} largestA
 * @returns {{ factor: number, label: string }}
 */
export function currentUnit(largestA) {
  if (largestA > 0 && largestA < 1e-3) return { factor: 1e6, label: 'µA' };
  return largestA < 1 ? { factor: 1000, label: 'mA' } : { factor: 1, label: 'A' };
}

/**
 * The cycle numbers typed in the chooser (at most 8, no repeats).
 * @param {string} text
 * @returns {number[]}
 */
export function parseCycles(text) {
  const numbers = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0);
  return [...new Set(numbers)].slice(0, 8);
}
