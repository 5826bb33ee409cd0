// @ts-check
/**
 * Live progress of the imports still running when the page was loaded (e.g. another tab's
 * upload): polls GET /api/imports/:id until each is done or failed.
 */
import { getJson, sleep } from './api.js';

/** @typedef {{ status: string, format: string | null, rows: number, points: number, cycles: number, error: { detail: string, line: number | null, column: string | null } | null }} ImportRecord */

for (const row of document.querySelectorAll('tr[data-import-id]')) {
  if (!(row instanceof HTMLElement)) continue;
  const state = row.dataset.importStatus;
  if (state === 'receiving' || state === 'importing') void follow(row);
}

/** @param {HTMLElement} row */
async function follow(row) {
  const cell = (/** @type {string} */ name) => row.querySelector(`[data-field="${name}"]`);
  for (let tries = 0; tries < 3600; tries++) {
    await sleep(1000);
    /** @type {ImportRecord} */
    let record;
    try {
      record = /** @type {ImportRecord} */ (await getJson(`/api/imports/${row.dataset.importId}`));
    } catch {
      return;
    }
    const status = cell('status');
    const format = cell('format');
    const result = cell('result');
    if (status) status.textContent = record.status;
    if (format) format.textContent = record.format ?? '—';
    if (result)
      result.textContent =
        record.status === 'failed' && record.error
          ? `${record.error.detail}${record.error.line !== null ? ` (line ${record.error.line})` : ''}`
          : record.status === 'done'
            ? `${record.points.toLocaleString('en')} samples, ${record.cycles} cycle${record.cycles === 1 ? '' : 's'}`
            : `${record.rows.toLocaleString('en')} rows read`;
    if (record.status === 'done' || record.status === 'failed') return;
  }
}
