// @ts-check
/**
 * A plot's view in the URL (issue 21, SPEC §8 "a plot's view lives in the URL"): the capacity
 * unit, the cells shown, the chosen cycles, each plot's zoom and the series hidden from its
 * legend are kept in the query string as they change (`history.replaceState`, no reload), and
 * restored from it on load, so a view can be bookmarked or sent; a value the page cannot use
 * is ignored. Also keyboard zoom on a focused plot (+ −, ← →, 0) and a Reset button. Its own module: the plot scripts call it and keep their drawing to themselves.
 */
import { isXy } from './plot-export.js';

/** Controls whose values are the view: query parameter → element id. */
const CONTROLS = {
  unit: 'capacity-unit',
  cycles: 'chosen-cycles',
};

/**
 * The cell chooser's boxes as `cells=3,5` (absent: every cell, as the page starts); ids the
 * page does not offer are ignored, and a list naming none of its cells leaves them all on.
 * @param {URLSearchParams} params
 */
function restoreCells(params) {
  const boxes = [...document.querySelectorAll('#cell-chooser input[name="cell"]')].filter(
    (b) => b instanceof HTMLInputElement,
  );
  const wanted = new Set((params.get('cells') ?? '').split(',').filter(Boolean));
  if (boxes.some((b) => wanted.has(b.value))) for (const b of boxes) b.checked = wanted.has(b.value);
  for (const box of boxes)
    box.addEventListener('change', () => {
      const on = boxes.filter((b) => b.checked).map((b) => b.value);
      keep({ cells: on.length === boxes.length ? null : on.join(',') });
    });
}

/**
 * Sets (or, with null or '', removes) query parameters without a reload.
 * @param {Record<string, string | null>} patch
 */
export function keep(patch) {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(patch))
    if (value === null || value === '') url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  history.replaceState(history.state, '', url);
}

/**
 * Puts the URL's values into the page's controls (before the plots read them), and keeps the
 * URL in step when a control changes. A value a control does not offer is left out.
 * @param {Record<string, string>} [controls] query parameter → element id (the compare page's own)
 */
export function restoreControls(controls = CONTROLS) {
  const params = new URLSearchParams(location.search);
  for (const [key, id] of Object.entries(controls)) {
    const element = document.getElementById(id);
    if (!(element instanceof HTMLSelectElement || element instanceof HTMLInputElement)) continue;
    const value = params.get(key);
    if (value !== null) {
      const offered =
        element instanceof HTMLInputElement || [...element.options].some((o) => o.value === value);
      if (offered) element.value = value;
    }
    element.addEventListener('change', () => keep({ [key]: element.value }));
  }
  restoreCells(params);
}

/**
 * The URL parameter of one plot's view: the capacity plot's zoom stays `zoom` (links already
 * sent), the others are named after their plot: `zoom-voltage`, `hide-time`, …
 * @param {string} id the plot's element id
 * @param {'zoom' | 'hide'} what
 */
export const viewParam = (id, what) =>
  id === 'plot-capacity' ? what : `${what}-${id.replace(/^plot-/, '')}`;

/**
 * The legend entries the URL hides on a plot (keys the plot does not have are simply unused).
 * @param {string} id
 */
export function hiddenIn(id) {
  const text = new URLSearchParams(location.search).get(viewParam(id, 'hide')) ?? '';
  return new Set(text.split(',').filter(Boolean));
}

/**
 * Keeps a plot's hidden entries in the URL: those of `keys` now hidden, and any others the URL
 * named (a cycle hidden, then not drawn for a while, stays hidden when it returns).
 * @param {string} id
 * @param {string[]} keys the plot's entries now
 * @param {string[]} off those of them hidden
 */
export function keepHidden(id, keys, off) {
  const others = [...hiddenIn(id)].filter((k) => !keys.includes(k));
  keep({ [viewParam(id, 'hide')]: [...others, ...off].join(',') || null });
}

/**
 * A zoom range from the URL (`min~max`) within what the plot has, or null: text that is not
 * two numbers, a range backwards or outside the data is ignored (SPEC §8: never an error).
 * @param {string | null} text
 * @param {[number, number]} full
 * @returns {[number, number] | null}
 */
function parseRange(text, full) {
  const parts = (text ?? '').split('~');
  const [min, max] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 2 || min === undefined || max === undefined) return null;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) return null;
  const [low, high] = [Math.max(min, full[0]), Math.min(max, full[1])];
  return low < high ? [low, high] : null;
}

/**
 * The smallest and largest x a plot has: `data[0]`, or each series' own xs in x-y mode.
 * @param {uPlot} plot
 * @returns {[number, number]}
 */
function xExtent(plot) {
  const xy = isXy(plot);
  const columns = xy ? plot.data.slice(1).map((d) => /** @type {unknown[]} */ (d)?.[0]) : [plot.data[0]];
  let [min, max] = [Infinity, -Infinity];
  for (const xs of columns)
    for (const x of /** @type {(number | null)[]} */ (xs ?? []))
      if (x !== null && Number.isFinite(x)) [min, max] = [Math.min(min, x), Math.max(max, x)];
  return Number.isFinite(min) ? [min, max] : [0, 1];
}

/**
 * Zoom of a plot's x axis kept in the URL (`viewParam(id, 'zoom')`, `min~max`), restored on
 * load; keys on the focused plot: `+`/`-` zoom around the middle, `←`/`→` move by a fifth, `0`
 * shows everything; the Reset button does the same. The zoom shown is written to `data-zoom`.
 * A plot that zooms by fetching (the time series) passes its own `show` and `reset`.
 * @param {HTMLElement} container
 * @param {uPlot} plot
 * @param {string | { full?: [number, number], show?: (min: number, max: number) => void, reset?: () => void }} [options]
 *   the URL parameter (as before: `'zoom'`), or how this plot zooms
 */
export function keepZoom(container, plot, options = {}) {
  const how = typeof options === 'string' ? {} : options;
  const key = typeof options === 'string' ? options : viewParam(container.id, 'zoom');
  const full = how.full ?? xExtent(plot);
  const show =
    how.show ?? ((/** @type {number} */ min, /** @type {number} */ max) => plot.setScale('x', { min, max }));
  const reset = how.reset ?? (() => show(...full));
  const wanted = parseRange(new URLSearchParams(location.search).get(key), full);
  (plot.hooks.setScale ??= []).push((u, scale) => {
    if (scale !== 'x') return;
    const { min = full[0], max = full[1] } = u.scales.x ?? {};
    const zoomed = min > full[0] || max < full[1];
    container.dataset.zoom = zoomed ? `${min}~${max}` : '';
    keep({ [key]: zoomed ? `${+min.toPrecision(6)}~${+max.toPrecision(6)}` : null });
  });
  if (wanted) show(...wanted);
  else if (new URLSearchParams(location.search).has(key)) keep({ [key]: null });

  const root = plot.root;
  root.tabIndex = 0;
  root.setAttribute('aria-keyshortcuts', '+ - ArrowLeft ArrowRight 0');
  root.addEventListener('keydown', (event) => {
    const { min = full[0], max = full[1] } = plot.scales.x ?? {};
    const [mid, half] = [(min + max) / 2, (max - min) / 2];
    const moves = {
      '+': () => show(mid - half / 2, mid + half / 2),
      '=': () => show(mid - half / 2, mid + half / 2),
      '-': () => show(Math.max(full[0], mid - half * 2), Math.min(full[1], mid + half * 2)),
      ArrowLeft: () => show(min - (max - min) / 5, max - (max - min) / 5),
      ArrowRight: () => show(min + (max - min) / 5, max + (max - min) / 5),
      0: reset,
    };
    const move = /** @type {Record<string, () => void>} */ (moves)[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  });
  const id = `${container.id}-reset`;
  if (!document.getElementById(id)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    button.id = id;
    button.textContent = 'Reset zoom';
    button.addEventListener('click', () => resets.get(container)?.());
    document.getElementById(`${container.id}-export`)?.append(button);
  }
  resets.set(container, reset);
}

/** What the Reset button of each plot does now (a redraw replaces the plot). @type {WeakMap<HTMLElement, () => void>} */
const resets = new WeakMap();
