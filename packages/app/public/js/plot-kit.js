// @ts-check
/**
 * Small helpers shared by the plot scripts: uPlot charts that fit their container, colours,
 * and capacity units. uPlot is the global of /assets/vendor/uPlot.iife.min.js.
 */

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
 * Tick labels with three significant digits (uPlot's default rounds 0.0012 and 0.0008 alike).
 * @param {uPlot} _u
 * @param {number[]} splits
 */
export const ticks = (_u, splits) =>
  splits.map((v) => (Math.abs(v) >= 1e5 ? v.toPrecision(3) : String(Number(v.toPrecision(3)))));

/**
 * A chart sized to its container, resized with it.
 * @param {HTMLElement} container
 * @param {Omit<uPlot.Options, 'width' | 'height'>} options
 * @param {uPlot.AlignedData} data
 * @returns {uPlot}
 */
export function chart(container, options, data) {
  container.replaceChildren();
  const size = () => ({ width: Math.max(280, container.clientWidth), height: 300 });
  const axes = (options.axes ?? []).map((axis, i) =>
    i === 0 || axis.values ? axis : { ...axis, values: ticks },
  );
  const plot = new uPlot({ ...options, axes, ...size() }, data, container);
  new ResizeObserver(() => plot.setSize(size())).observe(container);
  return plot;
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
