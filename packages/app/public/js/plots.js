// @ts-check
/**
 * The experiment page's plots (uPlot), one series per cell — never one line through two cells:
 * discharge capacity and coulombic efficiency vs the cell's cycle (with a mean ± SD band over
 * the chosen cells), current and voltage vs time from the test's start, and voltage vs
 * capacity and dQ/dV for chosen cycles of the chosen cells. Every series comes from the JSON
 * API, downsampled on the server, so a million-sample experiment stays responsive.
 */
import { getJson, parseJson } from './api.js';
import { drawCycleCurves } from './cycle-curves.js';
import { cyclesToDraw, MOST_CYCLES, parseCycleRequest } from './cycle-request.js';
import { capacityUnit, chart, colour, currentUnit, status, WHOLE_STEPS } from './plot-kit.js';
import { toggleLegend } from './plot-legend.js';
import { keep, keepZoom, restoreControls } from './plot-state.js';
import { replicateBand } from './replicates.js';

const POINTS = 2000;
/** Cycle curves (one request each) drawn at once over all the chosen cells. */
const MOST_CURVES = 40;

/** @typedef {{ fileId: number, cycle: number, cellId: number | null, cellCycle: number, chargeCapacityAh: number, dischargeCapacityAh: number, coulombicEfficiency: number | null }} Cycle */
/** @typedef {{ id: number, label: string, massMg: number | null, sized: 'mah' | 'ah', files: { id: number, name: string, offset: number }[] }} Cell */
/** @typedef {{ columns: Record<string, (number | null)[]>, points: number, totalPoints: number, downsampled: boolean }} Series */

const root = document.getElementById('plots');
if (root) void start(root);

/** @param {HTMLElement} root */
async function start(root) {
  restoreControls();
  const base = `/api/experiments/${root.dataset.experimentId ?? ''}`;
  const cells = /** @type {Cell[]} */ (parseJson(root.dataset.cells ?? '[]'));
  const unitSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('capacity-unit'));
  const band = /** @type {HTMLInputElement | null} */ (document.getElementById('replicate-band'));
  const chosenCells = () => {
    const boxes = [...document.querySelectorAll('#cell-chooser input[name="cell"]')].map(
      (b) => /** @type {HTMLInputElement} */ (b),
    );
    if (boxes.length === 0) return cells;
    const on = new Set(boxes.filter((b) => b.checked).map((b) => Number(b.value)));
    return cells.filter((c) => on.has(c.id));
  };
  /** The unit for these cells: `auto` is mAh/g when every one records its mass, else by size. */
  const unitFor = (/** @type {Cell[]} */ shown) => {
    const chosen = unitSelect?.value ?? 'auto';
    if (chosen !== 'auto') return chosen;
    if (shown.length > 0 && shown.every((c) => c.massMg)) return 'mahg';
    return shown.some((c) => c.sized === 'ah') ? 'ah' : 'mah';
  };

  status('plot-capacity', 'Loading…');
  /** @type {Cycle[]} */
  let cycles = [];
  const redraw = () => {
    const shown = chosenCells();
    drawCapacity(cycles, shown, unitFor(shown), band?.checked ?? false);
    void drawCurves(base, cycles, shown, unitFor(shown));
  };
  try {
    cycles = /** @type {{ items: Cycle[] }} */ (await getJson(`${base}/cycles`)).items;
  } catch (error) {
    status('plot-capacity', `Could not load the cycles: ${String(error)}`);
    return;
  }
  redraw();
  unitSelect?.addEventListener('change', () => {
    // A capacity zoom in one unit means nothing in another.
    keep({ 'zoom-voltage': null });
    redraw();
  });
  band?.addEventListener('change', redraw);
  document.getElementById('cell-chooser')?.addEventListener('change', redraw);
  document.getElementById('cycle-chooser')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const shown = chosenCells();
    void drawCurves(base, cycles, shown, unitFor(shown));
  });

  const timeFile = /** @type {HTMLSelectElement | null} */ (document.getElementById('time-file'));
  if (timeFile?.value) void drawTime(base, Number(timeFile.value));
  timeFile?.addEventListener('change', () => void drawTime(base, Number(timeFile.value)));
}

/** Coulombic efficiency above this (partial cycles, pulse tests) is off the scale. */
const CE_CEILING = 120;

/**
 * The factor from Ah to `unit` for one cell, or null when the cell cannot be shown in it
 * (mAh/g without a mass).
 * @param {string} unit
 * @param {Cell} cell
 * @param {Cycle[]} own
 */
function factorOf(unit, cell, own) {
  if (unit === 'normalised') {
    const first = own.find((c) => c.dischargeCapacityAh > 0)?.dischargeCapacityAh;
    return first ? 1 / first : null;
  }
  if (unit === 'mahg' && !cell.massMg) return null;
  return capacityUnit(unit, cell.massMg).factor;
}

const UNIT_LABELS = /** @type {Record<string, string>} */ ({
  mahg: 'mAh/g',
  mah: 'mAh',
  ah: 'Ah',
  normalised: 'fraction of the first cycle',
});

/**
 * @param {Cycle[]} all
 * @param {Cell[]} cells
 * @param {string} unit `ah`, `mah`, `mahg` or `normalised`
 * @param {boolean} withBand mean ± SD over the cells
 */
function drawCapacity(all, cells, unit, withBand) {
  const container = document.getElementById('plot-capacity');
  if (!container) return;
  const per = cells.map((cell) => {
    const own = all.filter((c) => c.cellId === cell.id).sort((a, b) => a.cellCycle - b.cellCycle);
    return { cell, own, factor: factorOf(unit, cell, own) };
  });
  const drawn = per.filter((p) => p.factor !== null && p.own.length > 0);
  const left = per.filter((p) => p.factor === null).map((p) => p.cell.label);
  if (drawn.length === 0) {
    status(
      'plot-capacity',
      left.length ? `No cell records its active mass: choose mAh or Ah.` : 'No cycles yet.',
    );
    return;
  }
  // One x for all: the union of the cells' cycle numbers; a cell without a cycle has a gap there.
  const x = [...new Set(drawn.flatMap((p) => p.own.map((c) => c.cellCycle)))].sort((a, b) => a - b);
  const at = new Map(x.map((n, i) => [n, i]));
  /** @param {(c: Cycle) => number | null} pick @param {Cycle[]} own */
  const column = (pick, own) => {
    /** @type {(number | null)[]} */
    const out = x.map(() => null);
    for (const c of own) out[at.get(c.cellCycle) ?? 0] = pick(c);
    return out;
  };
  const capacity = drawn.map((p) => column((c) => c.dischargeCapacityAh * (p.factor ?? 1), p.own));
  const efficiency = drawn.map((p) =>
    column((c) => (c.coulombicEfficiency === null ? null : c.coulombicEfficiency * 100), p.own),
  );
  /** @type {uPlot.Series[]} */
  const series = [{ label: 'Cycle', value: (_u, v) => (v === null ? '–' : String(v)) }];
  /** @type {(number | null)[][]} */
  const data = [x];
  const few = x.length < 60;
  drawn.forEach((p, i) => {
    series.push({ label: p.cell.label, stroke: colour(i), width: withBand ? 1 : 2, points: { show: few } });
    data.push(capacity[i] ?? []);
  });
  drawn.forEach((p, i) => {
    series.push({ label: `${p.cell.label} CE %`, stroke: colour(i), scale: 'ce', dash: [6, 4], width: 1 });
    data.push(efficiency[i] ?? []);
  });
  /** @type {uPlot.Band[]} */
  const bands = [];
  let bandNote = '';
  if (withBand && drawn.length > 1) {
    const { mean, upper, lower, counts } = replicateBand(capacity);
    const first = data.length;
    series.push(
      { label: 'mean', stroke: '#111827', width: 2.5 },
      { label: '+1 SD', stroke: 'rgba(17,24,39,0.35)', width: 1 },
      { label: '−1 SD', stroke: 'rgba(17,24,39,0.35)', width: 1 },
    );
    data.push(mean, upper, lower);
    bands.push({ series: [first + 1, first + 2], fill: 'rgba(17,24,39,0.12)' });
    const most = Math.max(...counts);
    bandNote = ` Mean ± standard deviation over ${most} cells (where at least two have the cycle).`;
  }
  const offScale = efficiency.flat().filter((e) => e !== null && e > CE_CEILING).length;
  const label = UNIT_LABELS[unit] ?? unit;
  const plot = chart(
    container,
    {
      scales: {
        x: { time: false },
        ce: { range: (_u, min, max) => [Math.min(min, 90), Math.min(Math.max(max, 101), CE_CEILING)] },
      },
      axes: [
        { label: 'Cycle (each cell’s own, continued across its files)', incrs: WHOLE_STEPS },
        { label: `Discharge capacity (${label})`, size: 70 },
        { label: 'Coulombic efficiency (%)', scale: 'ce', side: 1, grid: { show: false }, size: 60 },
      ],
      legend: { show: false },
      series,
      bands,
    },
    /** @type {uPlot.AlignedData} */ (/** @type {unknown} */ (data)),
  );
  toggleLegend(
    container,
    plot,
    drawn.map((p, i) => ({
      key: String(p.cell.id),
      label: p.cell.label,
      colour: colour(i),
      series: [1 + i, 1 + drawn.length + i],
    })),
    'solid: discharge capacity, dashed: coulombic efficiency',
  );
  keepZoom(container, plot);
  const note = offScale
    ? ` Coulombic efficiency above ${CE_CEILING} % (${offScale} partial or pulse cycles) is off the scale.`
    : '';
  const missing = left.length ? ` Not shown in mAh/g (no active mass): ${left.join(', ')}.` : '';
  status(
    'plot-capacity',
    `${drawn.length} cell${drawn.length === 1 ? '' : 's'}; capacity in ${label}.${bandNote}${note}${missing}`,
  );
}

/**
 * Current and voltage against time for one file, from the start of its test (0 h): first the
 * whole file downsampled, then, for a zoom window (drag), that window's samples fetched again.
 * @param {string} base
 * @param {number} fileId
 */
async function drawTime(base, fileId) {
  const container = document.getElementById('plot-time');
  if (!container) return;
  const url = (/** @type {string} */ extra) =>
    `${base}/timeseries?fields=seq,timeS,voltageV,currentA&fileId=${fileId}&points=${POINTS}${extra}`;
  let amps = currentUnit(1);
  let start = 0;
  /** @param {Series} s @returns {uPlot.AlignedData} */
  const toData = (s) => [
    (s.columns.timeS ?? []).map((t) => ((t ?? 0) - start) / 3600),
    s.columns.voltageV ?? [],
    (s.columns.currentA ?? []).map((a) => (a === null ? null : a * amps.factor)),
  ];
  /** @param {Series} s */
  const describe = (s) =>
    s.downsampled
      ? `${s.points.toLocaleString('en')} of ${s.totalPoints.toLocaleString('en')} samples shown (downsampled on the server).`
      : `${s.points.toLocaleString('en')} samples.`;
  status('plot-time', 'Loading…');
  /** @type {Series} */
  let overview;
  try {
    overview = /** @type {Series} */ (await getJson(url('')));
  } catch (error) {
    status('plot-time', `Could not load the samples: ${String(error)}`);
    return;
  }
  // The cycler's clock may start anywhere (a file cut from a longer test): 0 h is this file's first sample.
  start = Math.min(...(overview.columns.timeS ?? []).map((t) => t ?? Infinity));
  if (!Number.isFinite(start)) start = 0;
  amps = currentUnit(Math.max(0, ...(overview.columns.currentA ?? []).map((a) => Math.abs(a ?? 0))));
  let shown = overview;
  let request = 0;
  const plot = chart(
    container,
    {
      scales: { x: { time: false } },
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { show: false },
      axes: [
        { label: 'Time from the start of the test (h)' },
        { label: 'Voltage (V)', size: 60 },
        { label: `Current (${amps.label})`, scale: 'A', side: 1, grid: { show: false }, size: 60 },
      ],
      series: [
        { label: 'Time (h)' },
        { label: 'Voltage (V)', stroke: colour(0), width: 1.5 },
        { label: `Current (${amps.label})`, stroke: colour(1), scale: 'A', width: 1 },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            void zoom(from, to);
          },
        ],
      },
    },
    toData(overview),
  );
  status('plot-time', describe(overview));
  toggleLegend(container, plot, [
    { key: 'voltage', label: 'Voltage (V)', colour: colour(0), series: [1] },
    { key: 'current', label: `Current (${amps.label})`, colour: colour(1), series: [2] },
  ]);
  const showAll = () => {
    request++;
    shown = overview;
    plot.setData(toData(overview));
    status('plot-time', describe(overview));
  };
  const hours = toData(overview)[0] ?? [];
  keepZoom(container, plot, {
    full: [Number(hours[0] ?? 0), Number(hours.at(-1) ?? 1)],
    show: (from, to) => void zoom(from, to),
    reset: showAll,
  });

  /**
   * Fetches the window's samples by sample number (`seq`), which the API reads by key range,
   * found in the samples shown now or, for a window past them (keys, the URL), the overview.
   */
  async function zoom(/** @type {number} */ fromH, /** @type {number} */ toH) {
    const hoursOf = (/** @type {number | null | undefined} */ t) => ((t ?? 0) - start) / 3600;
    const inside = (/** @type {Series} */ s) => {
      const t = s.columns.timeS ?? [];
      return t.length > 0 && fromH >= hoursOf(t[0]) && toH <= hoursOf(t.at(-1));
    };
    const from = inside(shown) ? shown : overview;
    const times = from.columns.timeS ?? [];
    const seqs = from.columns.seq ?? [];
    let first = -1;
    let last = -1;
    for (let i = 0; i < times.length; i++) {
      const t = hoursOf(times[i]);
      if (t >= fromH && first < 0) first = Math.max(0, i - 1);
      if (t <= toH) last = Math.min(times.length - 1, i + 1);
    }
    if (first < 0 || last < first) return;
    if (from === overview && first === 0 && last === times.length - 1) return showAll();
    const mine = ++request;
    status('plot-time', 'Loading the window…');
    try {
      const fine = /** @type {Series} */ (
        await getJson(url(`&seqFrom=${seqs[first] ?? 1}&seqTo=${seqs[last] ?? 1}`))
      );
      if (mine !== request) return;
      shown = fine;
      plot.setData(toData(fine));
      // The server may answer a little more than the window (whole buckets): show the window asked for.
      plot.setScale('x', { min: fromH, max: toH });
      status('plot-time', `${describe(fine)} Double-click to zoom out.`);
    } catch (error) {
      status('plot-time', `Could not load the window: ${String(error)}`);
    }
  }
  plot.over.addEventListener('dblclick', showAll);
}

/**
 * Voltage vs capacity and dQ/dV of the chosen cycles (cell numbering) of the chosen cells:
 * each cell cycle is found in its file (file id and the file's own cycle number).
 * @param {string} base
 * @param {Cycle[]} cycles
 * @param {Cell[]} cells
 * @param {string} unit
 */
function drawCurves(base, cycles, cells, unit) {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById('chosen-cycles'));
  if (!input) return Promise.resolve();
  const request = parseCycleRequest(input.value);
  const curveUnit = unit === 'normalised' ? 'mah' : unit;
  const drawable = cells.filter((cell) => curveUnit !== 'mahg' || cell.massMg);
  const ids = new Set(drawable.map((c) => c.id));
  const existing = new Set(
    cycles.filter((c) => c.cellId !== null && ids.has(c.cellId)).map((c) => c.cellCycle),
  );
  // Each cycle of each cell is a request: several cells share the plot's budget of cycles.
  const most = Math.max(1, Math.min(MOST_CYCLES, Math.floor(MOST_CURVES / Math.max(1, drawable.length))));
  const { drawn, words } = cyclesToDraw(request, existing, most);
  const note = document.getElementById('chosen-cycles-note');
  if (note) note.textContent = words;
  /** @type {import('./cycle-curves.js').Wanted[]} */
  const wanted = [];
  for (const cell of drawable) {
    const { factor } = capacityUnit(curveUnit, cell.massMg);
    for (const n of drawn) {
      const found = cycles.find((c) => c.cellId === cell.id && c.cellCycle === n);
      if (found)
        wanted.push({
          fileId: found.fileId,
          cycle: found.cycle,
          label: `${cell.label} cycle ${n}`,
          factor,
          cellId: cell.id,
          cellCycle: n,
        });
    }
  }
  return drawCycleCurves(base, wanted, UNIT_LABELS[curveUnit] ?? 'Ah', request.asked > 0);
}
