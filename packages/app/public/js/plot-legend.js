// @ts-check
/**
 * A legend whose entries hide and show their series (issue 21): each entry is a button
 * (`aria-pressed="true"` while its series are drawn), so a click or Space/Enter on it toggles
 * them; what is hidden is kept in the URL (plot-state.js) and restored on load, and the exports
 * (plot-export.js) draw only what is shown, as they follow uPlot's `series.show`.
 */
import { hiddenIn, keepHidden } from './plot-state.js';

/** @typedef {{ key: string, label: string, colour: string, series: number[] }} LegendItem */

/**
 * Fills `${id}-legend` with a button per item and a note for the line styles, and hides the
 * series of the items the URL names.
 * @param {HTMLElement} container the plot's element
 * @param {uPlot} plot
 * @param {LegendItem[]} items
 * @param {string} [note]
 */
export function toggleLegend(container, plot, items, note) {
  const list = document.getElementById(`${container.id}-legend`);
  if (!list) return;
  const hidden = hiddenIn(container.id);
  /** @param {LegendItem} item @param {boolean} show */
  const apply = (item, show) => {
    for (const i of item.series) if (plot.series[i]) plot.setSeries(i, { show });
  };
  list.replaceChildren(
    ...items.map((item) => {
      const entry = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'legend-entry';
      button.dataset.key = item.key;
      button.dataset.colour = item.colour;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = item.colour;
      button.append(swatch, item.label);
      const set = (/** @type {boolean} */ show) => {
        button.setAttribute('aria-pressed', String(show));
        button.title = show ? `Hide ${item.label}` : `Show ${item.label}`;
        apply(item, show);
      };
      set(!hidden.has(item.key));
      button.addEventListener('click', () => {
        set(button.getAttribute('aria-pressed') !== 'true');
        const off = [...list.querySelectorAll('button[aria-pressed="false"]')].map(
          (b) => /** @type {HTMLElement} */ (b).dataset.key ?? '',
        );
        keepHidden(
          container.id,
          items.map((i) => i.key),
          off,
        );
        container.dataset.hidden = off.join(',');
      });
      entry.append(button);
      return entry;
    }),
  );
  container.dataset.hidden = items
    .filter((i) => hidden.has(i.key))
    .map((i) => i.key)
    .join(',');
  if (note) {
    const entry = document.createElement('li');
    entry.className = 'legend-note';
    entry.textContent = note;
    list.append(entry);
  }
}
