// @ts-check
/**
 * The legend of an exported figure (plot-export.js): one swatch and label per visible series,
 * wrapped into rows under the plot — or, for a plot coloured by cycle number, the colour bar
 * ("Cycle", lowest, ramp, highest) and what the line styles mean, as on screen. A plot says
 * which it has through `setFigureKey` (a redraw makes a new plot, so the key goes with it).
 */
import { viridis } from './colour-map.js';

const LEGEND_ROW = 20;
/** Rectangles in an exported colour bar: enough that neighbours differ by less than a line's colour step. */
const RAMP_STEPS = 48;

/**
 * @typedef {{ kind: 'line', points: [number, number][], colour: string, width: number, dash: number[], clipped?: boolean }} Line
 * @typedef {{ kind: 'text', x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end', rotate: number, bold: boolean }} Text
 * @typedef {{ kind: 'rect', x: number, y: number, w: number, h: number, fill: string | null, stroke: string | null }} Rect
 * @typedef {Line | Text | Rect} Shape
 * @typedef {{ colourBar: import('./colour-map.js').ColourBar, note: string }} FigureKey
 */

/** @type {WeakMap<uPlot, FigureKey>} */
const keys = new WeakMap();

/**
 * A plot coloured by cycle number: its figures carry the colour bar instead of a swatch per series.
 * @param {uPlot} plot
 * @param {FigureKey} key
 */
export function setFigureKey(plot, key) {
  keys.set(plot, key);
}

/**
 * A series' or axis' label as text (uPlot allows an element; ours are strings).
 * @param {unknown} label
 * @param {string} otherwise
 */
export const labelText = (label, otherwise) =>
  typeof label === 'string' || typeof label === 'number' ? String(label) : otherwise;

/**
 * The legend's shapes from `top` down, between `left` and the plot's width, and its height.
 * @param {uPlot} u
 * @param {number} left
 * @param {number} top
 * @param {(u: uPlot, i: number) => string} strokeOf
 * @returns {{ shapes: Shape[], height: number }}
 */
export function legendShapes(u, left, top, strokeOf) {
  const key = keys.get(u);
  return key ? colourBarShapes(u, key, left, top) : swatchShapes(u, left, top, strokeOf);
}

/** @param {number} x @param {number} y @param {string} text @param {'start' | 'middle' | 'end'} [anchor] @returns {Text} */
const textAt = (x, y, text, anchor = 'start') => ({
  kind: 'text',
  x,
  y,
  text,
  anchor,
  rotate: 0,
  bold: false,
});

/**
 * @param {uPlot} u
 * @param {number} left
 * @param {number} top
 * @param {(u: uPlot, i: number) => string} strokeOf
 */
function swatchShapes(u, left, top, strokeOf) {
  /** @type {Shape[]} */
  const shapes = [];
  let x = left;
  let row = 0;
  u.series.forEach((series, i) => {
    if (i === 0 || series.show === false) return;
    const label = labelText(series.label, `series ${i}`);
    const width = 28 + label.length * 7;
    if (x + width > u.width && x > left) [x, row] = [left, row + 1];
    const y = top + row * LEGEND_ROW + 10;
    const dash = Array.isArray(series.dash) ? series.dash : [];
    shapes.push(
      {
        kind: 'line',
        points: [
          [x, y],
          [x + 18, y],
        ],
        colour: strokeOf(u, i),
        width: 3,
        dash,
      },
      textAt(x + 22, y + 4, label),
    );
    x += width;
  });
  return { shapes, height: (row + 1) * LEGEND_ROW + 4 };
}

/**
 * "Cycle  1 [ramp] 150", then the line styles' note on the next row.
 * @param {uPlot} u
 * @param {FigureKey} key
 * @param {number} left
 * @param {number} top
 */
function colourBarShapes(u, key, left, top) {
  const { label, min, max } = key.colourBar;
  const y = top + 4;
  const rampLeft = left + 8 * label.length + 14 + 8 * String(min).length;
  const rampWidth = Math.max(60, Math.min(240, u.width - rampLeft - 60));
  /** @type {Shape[]} */
  const shapes = [
    { ...textAt(left, y + 10, label), bold: true },
    textAt(rampLeft - 6, y + 10, String(min), 'end'),
    textAt(rampLeft + rampWidth + 6, y + 10, String(max)),
  ];
  const step = rampWidth / RAMP_STEPS;
  for (let k = 0; k < RAMP_STEPS; k++)
    shapes.push({
      kind: 'rect',
      x: rampLeft + k * step,
      y,
      w: step + 0.5,
      h: 12,
      fill: viridis((k + 0.5) / RAMP_STEPS),
      stroke: null,
    });
  shapes.push({ kind: 'rect', x: rampLeft, y, w: rampWidth, h: 12, fill: null, stroke: '#555' });
  if (key.note) shapes.push(textAt(left, y + 10 + LEGEND_ROW, key.note));
  return { shapes, height: (key.note ? 2 : 1) * LEGEND_ROW + 4 };
}
