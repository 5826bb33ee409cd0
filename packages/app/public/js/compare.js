// @ts-check
/**
 * The compare page's plots (issue 20 part 4): cells of several experiments, each its own series
 * ("experiment · cell"), against each cell's own cycle number — discharge capacity, capacity
 * normalised to a reference cycle, mAh/g (only cells with a recorded mass; the others are named,
 * not drawn), coulombic efficiency or discharge energy — and a V–Q / dQ/dV overlay of one cycle
 * number across the chosen cells. The figures are the JSON API's per-cycle summary, the same the
 * page's tables show; the view (quantity, reference, cycle, cells, zoom) lives in the URL.
 */
import { getJson, parseJson } from './api.js';
import { drawCycleCurves } from './cycle-curves.js';
import { chart, colour, legend, parseCycles, status, WHOLE_STEPS } from './plot-kit.js';
import { keepZoom, restoreControls } from './plot-state.js';

/** @typedef {{ fileId: number, cycle: number, cellId: number | null, cellCycle: number, dischargeCapacityAh: number, dischargeCapacityMahG: number | null, coulombicEfficiency: number | null, dischargeEnergyWh: number }} Cycle */
/** @typedef {{ id: number, experimentId: number, label: string, massMg: number | null, sized: 'mah' | 'ah' }} Cell */
/** @typedef {{ cell: Cell, own: Cycle[], value: (c: Cycle) => number | null }} Drawn */

/** Cells a V–Q overlay draws at most (one request each). */
const MAX_CURVES = 12;

const root = document.getElementById('compare');
if (root) void start(root);

/** @param {HTMLElement} root */
async function start(root) {
  restoreControls({ quantity: 'compare-quantity', ref: 'compare-ref', cycle: 'compare-cycle' });
  const cells = /** @type {Cell[]} */ (parseJson(root.dataset.cells ?? '[]'));
  const experimentIds = /** @type {number[]} */ (parseJson(root.dataset.experimentIds ?? '[]'));
  const quantity = /** @type {HTMLSelectElement | null} */ (document.getElementById('compare-quantity'));
  const ref = /** @type {HTMLInputElement | null} */ (document.getElementById('compare-ref'));
  const cycleInput = /** @type {HTMLInputElement | null} */ (document.getElementById('compare-cycle'));
  const chosen = () => {
    const boxes = [...document.querySelectorAll('#cell-chooser input[name="cell"]')].map(
      (b) => /** @type {HTMLInputElement} */ (b),
    );
    if (boxes.length === 0) return cells;
    const on = new Set(boxes.filter((b) => b.checked).map((b) => Number(b.value)));
    return cells.filter((c) => on.has(c.id));
  };
  if (cells.length === 0) {
    status('plot-compare', 'None of these experiments has cycles yet.');
    return;
  }
  status('plot-compare', 'Loading…');
  /** @type {Map<number, Cycle[]>} */
  const byCell = new Map();
  try {
    const loaded = await Promise.all(
      experimentIds.map(
        async (id) =>
          /** @type {{ items: Cycle[] }} */ (await getJson(`/api/experiments/${id}/cycles`)).items,
      ),
    );
    for (const c of loaded.flat())
      if (c.cellId !== null) byCell.set(c.cellId, [...(byCell.get(c.cellId) ?? []), c]);
    for (const own of byCell.values()) own.sort((a, b) => a.cellCycle - b.cellCycle);
  } catch (error) {
    status('plot-compare', `Could not load the cycles: ${String(error)}`);
    return;
  }
  const draw = () => drawQuantity(chosen(), byCell, quantity?.value ?? 'normalised', reference());
  const reference = () => parseCycles(ref?.value ?? '')[0] ?? null;
  const curves = () =>
    void drawCurves(
      chosen(),
      byCell,
      quantity?.value ?? '',
      parseCycles(cycleInput?.value ?? '')[0] ?? null,
      reference(),
    );
  draw();
  curves();
  quantity?.addEventListener('change', () => {
    draw();
    curves();
  });
  ref?.addEventListener('change', () => {
    draw();
    curves();
  });
  document.getElementById('compare-controls')?.addEventListener('submit', (event) => {
    event.preventDefault();
    draw();
    curves();
  });
  document.getElementById('cell-chooser')?.addEventListener('change', () => {
    draw();
    curves();
  });
  document.getElementById('curve-chooser')?.addEventListener('submit', (event) => {
    event.preventDefault();
    curves();
  });
}

/**
 * The discharge a cell is normalised to: cycle `reference` when given, else its first cycle that
 * discharged; null when that cycle is missing or did not discharge (src/cells/compare-cells.ts
 * applies the same rule to the tables).
 * @param {Cycle[]} own
 * @param {number | null} reference
 */
function referenceDischarge(own, reference) {
  const found =
    reference === null
      ? own.find((c) => c.dischargeCapacityAh > 0)
      : own.find((c) => c.cellCycle === reference);
  return found && found.dischargeCapacityAh > 0 ? found.dischargeCapacityAh : null;
}

/**
 * What to draw for a quantity: the axis label and each cell's value per cycle, or why a cell is
 * left out (no mass, no reference cycle).
 * @param {string} quantity
 * @param {{ cell: Cell, own: Cycle[] }[]} per
 * @param {number | null} reference
 * @returns {{ label: string, drawn: Drawn[], left: string[], why: string }}
 */
function measure(quantity, per, reference) {
  /** @type {Drawn[]} */ const drawn = [];
  /** @type {string[]} */ const left = [];
  if (quantity === 'mahg') {
    for (const p of per)
      if (p.cell.massMg) drawn.push({ ...p, value: (c) => c.dischargeCapacityMahG });
      else left.push(p.cell.label);
    return { label: 'Discharge capacity (mAh/g)', drawn, left, why: 'no active mass' };
  }
  if (quantity === 'normalised') {
    for (const p of per) {
      const base = referenceDischarge(p.own, reference);
      if (base === null) left.push(p.cell.label);
      else drawn.push({ ...p, value: (c) => (c.dischargeCapacityAh / base) * 100 });
    }
    const of = reference === null ? 'first discharge' : `cycle ${reference}`;
    return { label: 'Normalised capacity (%)', drawn, left, why: `no discharge in ${of}` };
  }
  if (quantity === 'ce') {
    const value = (/** @type {Cycle} */ c) =>
      c.coulombicEfficiency === null ? null : c.coulombicEfficiency * 100;
    return { label: 'Coulombic efficiency (%)', drawn: per.map((p) => ({ ...p, value })), left, why: '' };
  }
  if (quantity === 'energy') {
    const largest = Math.max(0, ...per.flatMap((p) => p.own.map((c) => Math.abs(c.dischargeEnergyWh))));
    const [factor, unit] = largest < 1 ? [1000, 'mWh'] : [1, 'Wh'];
    const value = (/** @type {Cycle} */ c) => c.dischargeEnergyWh * factor;
    return { label: `Discharge energy (${unit})`, drawn: per.map((p) => ({ ...p, value })), left, why: '' };
  }
  // Capacity: one unit for all, by the largest cell (mixed sizes compare better normalised).
  const [factor, unit] = per.some((p) => p.cell.sized === 'ah') ? [1, 'Ah'] : [1000, 'mAh'];
  const value = (/** @type {Cycle} */ c) => c.dischargeCapacityAh * factor;
  return { label: `Discharge capacity (${unit})`, drawn: per.map((p) => ({ ...p, value })), left, why: '' };
}

/**
 * @param {Cell[]} cells
 * @param {Map<number, Cycle[]>} byCell
 * @param {string} quantity
 * @param {number | null} reference
 */
function drawQuantity(cells, byCell, quantity, reference) {
  const container = document.getElementById('plot-compare');
  if (!container) return;
  const per = cells.map((cell) => ({ cell, own: byCell.get(cell.id) ?? [] })).filter((p) => p.own.length > 0);
  const { label, drawn, left, why } = measure(quantity, per, reference);
  const notDrawn = left.length ? ` Not drawn (${why}): ${left.join('; ')}.` : '';
  if (drawn.length === 0) {
    container.replaceChildren();
    legend('plot-compare', []);
    status('plot-compare', `No cell to draw.${notDrawn}`);
    return;
  }
  // One x for all: the union of the cells' cycle numbers; a cell without a cycle has a gap there.
  const x = [...new Set(drawn.flatMap((p) => p.own.map((c) => c.cellCycle)))].sort((a, b) => a - b);
  const at = new Map(x.map((n, i) => [n, i]));
  /** @type {(number | null)[][]} */
  const data = [x];
  /** @type {uPlot.Series[]} */
  const series = [{ label: 'Cycle', value: (_u, v) => (v === null ? '–' : String(v)) }];
  drawn.forEach((p, i) => {
    /** @type {(number | null)[]} */
    const column = x.map(() => null);
    for (const c of p.own) column[at.get(c.cellCycle) ?? 0] = p.value(c);
    data.push(column);
    series.push({
      label: p.cell.label,
      stroke: colour(i),
      width: 2,
      spanGaps: true,
      points: { show: x.length < 60 },
    });
  });
  const plot = chart(
    container,
    {
      scales: { x: { time: false } },
      axes: [
        { label: 'Cycle (each cell’s own)', incrs: WHOLE_STEPS },
        { label, size: 70 },
      ],
      legend: { show: false },
      series,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (data)),
  );
  legend(
    'plot-compare',
    drawn.map((p, i) => ({ label: p.cell.label, colour: colour(i) })),
  );
  keepZoom(container, plot, 'zoom');
  const experiments = new Set(drawn.map((p) => p.cell.experimentId)).size;
  status(
    'plot-compare',
    `${drawn.length} cell${drawn.length === 1 ? '' : 's'} of ${experiments} experiment${experiments === 1 ? '' : 's'}.${notDrawn}`,
  );
}

/**
 * Voltage vs capacity and dQ/dV of one cycle number across the chosen cells, each from the file
 * of its experiment that holds that cycle; in mAh/g when that is the quantity shown (cells
 * without a mass left out), as % of each cell's reference discharge when normalised (cells of
 * different sizes overlay), else in mAh or Ah by the largest cell.
 * @param {Cell[]} cells
 * @param {Map<number, Cycle[]>} byCell
 * @param {string} quantity
 * @param {number | null} cycle
 * @param {number | null} reference
 */
function drawCurves(cells, byCell, quantity, cycle, reference) {
  const specific = quantity === 'mahg';
  const normalised = quantity === 'normalised';
  const [factor, unit] = cells.some((c) => c.sized === 'ah') ? [1, 'Ah'] : [1000, 'mAh'];
  /** @type {{ base: string, fileId: number, cycle: number, label: string, factor: number }[]} */
  const wanted = [];
  for (const cell of cells) {
    if (specific && !cell.massMg) continue;
    const own = byCell.get(cell.id) ?? [];
    const base = normalised ? referenceDischarge(own, reference) : null;
    if (normalised && base === null) continue;
    const found = own.find((c) => c.cellCycle === cycle);
    if (found)
      wanted.push({
        base: `/api/experiments/${cell.experimentId}`,
        fileId: found.fileId,
        cycle: found.cycle,
        label: `${cell.label} cycle ${cycle}`,
        factor: base !== null ? 100 / base : specific && cell.massMg ? 1e6 / cell.massMg : factor,
      });
  }
  const shown = normalised ? '%' : specific ? 'mAh/g' : unit;
  return drawCycleCurves('', wanted.slice(0, MAX_CURVES), shown, cycle !== null);
}
