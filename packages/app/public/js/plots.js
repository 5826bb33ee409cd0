// @ts-check
/**
 * The experiment page's plots (uPlot): capacity and coulombic efficiency vs cycle, current and
 * voltage vs time (zooming fetches finer samples of the window), voltage vs capacity and dQ/dV
 * for chosen cycles. Every series comes from the JSON API, downsampled on the server to at most
 * `POINTS` samples, so a million-sample experiment stays responsive.
 */
import { getJson, parseJson } from './api.js';
import { drawCycleCurves } from './cycle-curves.js';
import { capacityUnit, chart, colour, currentUnit, parseCycles, status, WHOLE_STEPS } from './plot-kit.js';
import { keepZoom, restoreControls } from './plot-state.js';

const POINTS = 2000;

/** @typedef {{ fileId: number, cycle: number, chargeCapacityAh: number, dischargeCapacityAh: number, coulombicEfficiency: number | null }} Cycle */
/** @typedef {{ columns: Record<string, (number | null)[]>, points: number, totalPoints: number, downsampled: boolean }} Series */

const root = document.getElementById('plots');
if (root) void start(root);

/** @param {HTMLElement} root */
async function start(root) {
  restoreControls();
  const id = root.dataset.experimentId ?? '';
  const massMg = Number(root.dataset.activeMassMg) || null;
  const files = /** @type {number[]} */ (parseJson(root.dataset.files ?? '[]'));
  /** Ah or mAh, by the size of the cell (chosen on the server from the largest capacity). */
  const sized = root.dataset.capacityUnit === 'ah' ? 'ah' : 'mah';
  const base = `/api/experiments/${id}`;
  const unitSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('capacity-unit'));
  const capacityFile = /** @type {HTMLSelectElement | null} */ (document.getElementById('capacity-file'));
  const unit = () => unitSelect?.value ?? sized;
  /** The unit of the per-cycle curves: the chosen one, the cell's size for "normalised". */
  const curveUnit = () => (unit() === 'normalised' ? sized : unit());

  status('plot-capacity', 'Loading…');
  /** @type {Cycle[]} */
  let cycles = [];
  const redrawCapacity = () => drawCapacity(cycles, unit(), massMg, capacityFile?.value ?? 'all');
  try {
    cycles = /** @type {{ items: Cycle[] }} */ (await getJson(`${base}/cycles`)).items;
    redrawCapacity();
  } catch (error) {
    status('plot-capacity', `Could not load the cycles: ${String(error)}`);
  }
  capacityFile?.addEventListener('change', redrawCapacity);
  unitSelect?.addEventListener('change', () => {
    redrawCapacity();
    void drawCycles(base, files, curveUnit(), massMg);
  });

  const timeFile = /** @type {HTMLSelectElement | null} */ (document.getElementById('time-file'));
  const firstFile = files[0];
  if (firstFile !== undefined) void drawTime(base, Number(timeFile?.value ?? firstFile));
  timeFile?.addEventListener('change', () => void drawTime(base, Number(timeFile.value)));

  const chooser = document.getElementById('cycle-chooser');
  chooser?.addEventListener('submit', (event) => {
    event.preventDefault();
    void drawCycles(base, files, curveUnit(), massMg);
  });
  document
    .getElementById('cycle-file')
    ?.addEventListener('change', () => void drawCycles(base, files, curveUnit(), massMg));
  void drawCycles(base, files, curveUnit(), massMg);
}

/** Coulombic efficiency above this (partial cycles, pulse tests) is off the scale. */
const CE_CEILING = 120;

/**
 * @param {Cycle[]} all
 * @param {string} unit `ah`, `mah`, `mahg` or `normalised`
 * @param {number | null} massMg
 * @param {string} file a file id, or `all` (files in upload order)
 */
function drawCapacity(all, unit, massMg, file) {
  const container = document.getElementById('plot-capacity');
  if (!container) return;
  const cycles = file === 'all' ? all : all.filter((c) => String(c.fileId) === file);
  if (cycles.length === 0) {
    status('plot-capacity', 'No cycles yet.');
    return;
  }
  const several = new Set(cycles.map((c) => c.fileId)).size > 1;
  const first = cycles.find((c) => c.dischargeCapacityAh > 0)?.dischargeCapacityAh ?? 1;
  const { factor, label } =
    unit === 'normalised' ? { factor: 1 / first, label: 'fraction of cycle 1' } : capacityUnit(unit, massMg);
  const x = cycles.map((c, i) => (several ? i + 1 : c.cycle));
  const efficiency = cycles.map((c) => (c.coulombicEfficiency === null ? null : c.coulombicEfficiency * 100));
  const offScale = efficiency.filter((e) => e !== null && e > CE_CEILING).length;
  const data = /** @type {uPlot.AlignedData} */ ([
    x,
    cycles.map((c) => c.dischargeCapacityAh * factor),
    cycles.map((c) => c.chargeCapacityAh * factor),
    efficiency,
  ]);
  const plot = chart(
    container,
    {
      scales: {
        x: { time: false },
        ce: {
          range: (_u, min, max) => [Math.min(min, 90), Math.min(Math.max(max, 101), CE_CEILING)],
        },
      },
      axes: [
        { label: several ? 'Cycle (files in upload order)' : 'Cycle', incrs: WHOLE_STEPS },
        { label: `Capacity (${label})`, size: 70 },
        { label: 'Coulombic efficiency (%)', scale: 'ce', side: 1, grid: { show: false }, size: 60 },
      ],
      series: [
        { label: 'Cycle', value: (_u, v) => (v === null ? '–' : String(v)) },
        { label: 'Discharge', stroke: colour(0), width: 2, points: { show: cycles.length < 60 } },
        { label: 'Charge', stroke: colour(1), width: 2, points: { show: cycles.length < 60 } },
        { label: 'CE %', stroke: colour(2), scale: 'ce', dash: [6, 4], width: 1.5 },
      ],
    },
    data,
  );
  keepZoom(container, plot, 'zoom');
  const note = offScale
    ? ` Coulombic efficiency above ${CE_CEILING} % (${offScale} partial or pulse cycle${offScale > 1 ? 's' : ''}) is off the scale.`
    : '';
  status(
    'plot-capacity',
    `${cycles.length} cycle${cycles.length === 1 ? '' : 's'}; capacity in ${label}.${note}`,
  );
}

/**
 * Current and voltage against time for one file: first the whole file downsampled, then, for a
 * zoom window (drag), the samples of that window fetched again at full resolution (up to POINTS).
 * @param {string} base
 * @param {number} fileId
 */
async function drawTime(base, fileId) {
  const container = document.getElementById('plot-time');
  if (!container) return;
  const url = (/** @type {string} */ extra) =>
    `${base}/timeseries?fields=seq,timeS,voltageV,currentA&fileId=${fileId}&points=${POINTS}${extra}`;
  /** mA or A, by the whole file's largest current (kept while zooming, so the axis stays put). */
  let amps = currentUnit(1);
  /** @param {Series} s @returns {uPlot.AlignedData} */
  const toData = (s) => [
    (s.columns.timeS ?? []).map((t) => (t ?? 0) / 3600),
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
  amps = currentUnit(Math.max(0, ...(overview.columns.currentA ?? []).map((a) => Math.abs(a ?? 0))));
  let shown = overview;
  let request = 0;
  const plot = chart(
    container,
    {
      scales: { x: { time: false } },
      cursor: { drag: { x: true, y: false, setScale: false } },
      axes: [
        { label: 'Time (h)' },
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

  /** Fetches the window's samples by sample number (`seq`), which the API reads by key range. */
  async function zoom(/** @type {number} */ fromH, /** @type {number} */ toH) {
    const times = shown.columns.timeS ?? [];
    const seqs = shown.columns.seq ?? [];
    let first = -1;
    let last = -1;
    for (let i = 0; i < times.length; i++) {
      const t = (times[i] ?? 0) / 3600;
      if (t >= fromH && first < 0) first = Math.max(0, i - 1);
      if (t <= toH) last = Math.min(times.length - 1, i + 1);
    }
    if (first < 0 || last < first) return;
    const mine = ++request;
    status('plot-time', 'Loading the window…');
    try {
      /** @type {Series} */
      const fine = /** @type {Series} */ (
        await getJson(url(`&seqFrom=${seqs[first] ?? 1}&seqTo=${seqs[last] ?? 1}`))
      );
      if (mine !== request) return;
      shown = fine;
      plot.setData(toData(fine));
      status('plot-time', `${describe(fine)} Double-click to zoom out.`);
    } catch (error) {
      status('plot-time', `Could not load the window: ${String(error)}`);
    }
  }
  plot.over.addEventListener('dblclick', () => {
    request++;
    shown = overview;
    plot.setData(toData(overview));
    status('plot-time', describe(overview));
  });
}

/**
 * Voltage vs capacity and dQ/dV of the chosen cycles of the chosen file.
 * @param {string} base
 * @param {number[]} files
 * @param {string} unit `ah`, `mah` or `mahg`
 * @param {number | null} massMg
 */
function drawCycles(base, files, unit, massMg) {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById('chosen-cycles'));
  const fileSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('cycle-file'));
  const fileId = Number(fileSelect?.value ?? files[0]);
  if (!input || !Number.isFinite(fileId)) return Promise.resolve();
  return drawCycleCurves(base, fileId, parseCycles(input.value), capacityUnit(unit, massMg));
}
