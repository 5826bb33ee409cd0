// @ts-check
/**
 * The compare page's overlay: discharge capacity of each experiment against its cycle number,
 * as capacity or normalised to its first discharge (so cells of different sizes compare).
 */
import { getJson, parseJson } from './api.js';
import { capacityUnit, chart, colour, status } from './plot-kit.js';

/** @typedef {{ cycle: number, dischargeCapacityAh: number }} Cycle */

const root = document.getElementById('compare');
if (root) void start(root);

/** @param {HTMLElement} root */
async function start(root) {
  const experiments = /** @type {{ id: number, title: string, activeMassMg: number | null }[]} */ (
    parseJson(root.dataset.experiments ?? '[]')
  );
  const select = /** @type {HTMLSelectElement | null} */ (document.getElementById('compare-unit'));
  const container = document.getElementById('plot-compare');
  if (!container) return;
  status('plot-compare', 'Loading…');
  /** @type {Cycle[][]} */
  let cycles;
  try {
    cycles = await Promise.all(
      experiments.map(async (e) =>
        /** @type {{ items: Cycle[] }} */ (await getJson(`/api/experiments/${e.id}/cycles`)).items.filter(
          (c) => c.dischargeCapacityAh > 0,
        ),
      ),
    );
  } catch (error) {
    status('plot-compare', `Could not load the cycles: ${String(error)}`);
    return;
  }
  const draw = () => {
    const unit = select?.value ?? 'normalised';
    /** @type {uPlot.AlignedData[]} */
    const tables = [];
    /** @type {uPlot.Series[]} */
    const series = [{ label: 'Cycle' }];
    experiments.forEach((e, i) => {
      const own = cycles[i] ?? [];
      if (own.length === 0) return;
      const first = own[0]?.dischargeCapacityAh ?? 1;
      const factor = unit === 'normalised' ? 1 / first : capacityUnit(unit, e.activeMassMg).factor;
      // Cycle numbers are per file; consecutive positions keep each curve increasing in x.
      tables.push([own.map((_c, k) => k + 1), own.map((c) => c.dischargeCapacityAh * factor)]);
      series.push({
        label: e.title.length > 40 ? `${e.title.slice(0, 38)}…` : e.title,
        stroke: colour(i),
        width: 2,
        spanGaps: true,
      });
    });
    if (tables.length === 0) {
      status('plot-compare', 'None of these experiments has discharge data yet.');
      return;
    }
    const label =
      unit === 'normalised'
        ? 'Normalised capacity'
        : `Discharge capacity (${capacityUnit(unit, experiments[0]?.activeMassMg ?? null).label})`;
    chart(
      container,
      { scales: { x: { time: false } }, axes: [{ label: 'Cycle' }, { label, size: 70 }], series },
      uPlot.join(tables),
    );
    const empty = experiments.filter((_e, i) => (cycles[i] ?? []).length === 0).map((e) => e.title);
    const missing = empty.length ? ` Not drawn, no discharge data yet: ${empty.join('; ')}.` : '';
    status('plot-compare', `${tables.length} experiment${tables.length === 1 ? '' : 's'}.${missing}`);
  };
  draw();
  select?.addEventListener('change', draw);
}
