// @ts-check
/**
 * A sequential colour map for cycle number (issue 21): when more than a few cycles of a cell are
 * drawn, categorical colours repeat and say nothing about order, so each cycle is coloured by
 * its number on a viridis-like map (perceptually uniform, dark purple → green) and a colour bar
 * says which colour is which cycle. Used on screen (a bar under the plot) and in the exported
 * figures (figure-legend.js draws the same bar).
 */

/** More cycles than this of one cell are coloured by number; this many or fewer keep distinct colours. */
export const FEW_CYCLES = 6;

/**
 * viridis (matplotlib, CC0) at nine evenly spaced stops; colours between are interpolated.
 * @type {[number, number, number][]}
 */
const STOPS = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2c, 0x7a],
  [0x3b, 0x51, 0x8b],
  [0x2c, 0x71, 0x8e],
  [0x21, 0x90, 0x8d],
  [0x27, 0xad, 0x81],
  [0x5c, 0xc8, 0x63],
  [0xaa, 0xdc, 0x32],
  [0xfd, 0xe7, 0x25],
];

/** The map stops at 0.8 of viridis: its last fifth (light green to yellow) is too faint a line on white. */
const TOP = 0.8;

/** @param {number} n */
const hex = (n) => Math.round(n).toString(16).padStart(2, '0');

/**
 * The colour at `t` from 0 (first cycle) to 1 (last), as `#rrggbb`.
 * @param {number} t
 */
export function viridis(t) {
  const at = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * TOP * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(at));
  const f = at - i;
  const [a, b] = [STOPS[i] ?? [0, 0, 0], STOPS[i + 1] ?? [0, 0, 0]];
  return `#${a.map((v, k) => hex(v + ((b[k] ?? v) - v) * f)).join('')}`;
}

/**
 * The colour of cycle `n` on a bar from `min` to `max` (one cycle alone: the map's start).
 * @param {number} n
 * @param {number} min
 * @param {number} max
 */
export const cycleColour = (n, min, max) => viridis(max > min ? (n - min) / (max - min) : 0);

/** @typedef {{ label: string, min: number, max: number }} ColourBar */

/**
 * The bar's CSS gradient (the same stops the lines use).
 * @param {number} [steps]
 */
export function gradient(steps = 16) {
  const stops = Array.from({ length: steps + 1 }, (_, k) => viridis(k / steps));
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * A colour bar under a plot, after its legend: "Cycle", the lowest number, the bar, the highest.
 * `data-min`/`data-max` name the range for tests and scripts; `bar === null` removes it.
 * @param {string} id the plot's element id; the bar is `${id}-colour-bar`
 * @param {ColourBar | null} bar
 */
export function showColourBar(id, bar) {
  const barId = `${id}-colour-bar`;
  document.getElementById(barId)?.remove();
  if (!bar) return;
  const box = document.createElement('div');
  box.className = 'colour-bar';
  box.id = barId;
  box.dataset.min = String(bar.min);
  box.dataset.max = String(bar.max);
  const name = document.createElement('span');
  name.className = 'colour-bar-label';
  name.textContent = bar.label;
  const low = document.createElement('span');
  low.textContent = String(bar.min);
  const ramp = document.createElement('span');
  ramp.className = 'colour-bar-ramp';
  ramp.style.background = gradient();
  ramp.setAttribute('role', 'img');
  ramp.setAttribute('aria-label', `${bar.label} ${bar.min} (dark purple) to ${bar.max} (green)`);
  const high = document.createElement('span');
  high.textContent = String(bar.max);
  box.append(name, low, ramp, high);
  (document.getElementById(`${id}-legend`) ?? document.getElementById(id))?.after(box);
}
