// @ts-check
/**
 * A plot's view in the URL (issue 21, SPEC §8 "a plot's view lives in the URL"): the capacity
 * unit, the cells shown, the chosen cycles and the capacity plot's zoom are kept in the query
 * string as they change (`history.replaceState`, no reload), and restored from it on load, so a
 * view can be bookmarked or sent. Also keyboard zoom on a focused plot (+ −, ← →, 0) and a
 * Reset button. Its own module: the plot scripts call it and keep their drawing to themselves.
 */

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

/** @param {Record<string, string | null>} patch */
function keep(patch) {
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

/** @param {string | null} text @returns {[number, number] | null} */
function parseRange(text) {
  const [min, max] = (text ?? '').split('~').map(Number);
  return min !== undefined && max !== undefined && Number.isFinite(min) && Number.isFinite(max) && min < max
    ? [min, max]
    : null;
}

/**
 * Zoom of a plot's x axis kept in the URL under `key` (`min~max`), restored on load; keys on the
 * focused plot: `+`/`-` zoom around the middle, `←`/`→` move by a fifth, `0` shows everything;
 * the Reset button does the same. The zoom the URL asks for is written to `data-zoom`.
 * @param {HTMLElement} container
 * @param {uPlot} plot
 * @param {string} key
 */
export function keepZoom(container, plot, key) {
  const xs = /** @type {number[]} */ (plot.data[0] ?? []);
  const full = /** @type {[number, number]} */ ([Math.min(...xs), Math.max(...xs)]);
  const show = (/** @type {number} */ min, /** @type {number} */ max) => plot.setScale('x', { min, max });
  const wanted = parseRange(new URLSearchParams(location.search).get(key));
  (plot.hooks.setScale ??= []).push((u, scale) => {
    if (scale !== 'x') return;
    const { min = full[0], max = full[1] } = u.scales.x ?? {};
    const zoomed = min > full[0] || max < full[1];
    container.dataset.zoom = zoomed ? `${min}~${max}` : '';
    keep({ [key]: zoomed ? `${+min.toPrecision(6)}~${+max.toPrecision(6)}` : null });
  });
  if (wanted) show(...wanted);

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
      0: () => show(...full),
    };
    const move = /** @type {Record<string, () => void>} */ (moves)[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  });
  const id = `${container.id}-reset`;
  if (!document.getElementById(id)) {
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'small';
    reset.id = id;
    reset.textContent = 'Reset zoom';
    reset.addEventListener('click', () => resets.get(container)?.());
    document.getElementById(`${container.id}-export`)?.append(reset);
  }
  resets.set(container, () => show(...full));
}

/** What the Reset button of each plot does now (a redraw replaces the plot). @type {WeakMap<HTMLElement, () => void>} */
const resets = new WeakMap();
