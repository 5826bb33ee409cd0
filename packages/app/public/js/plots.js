// @ts-check
/**
 * The experiment page's plots (uPlot): capacity and coulombic efficiency vs cycle, current and
 * voltage vs time (zooming fetches finer samples of the window), voltage vs capacity and dQ/dV
 * for chosen cycles. Every series comes from the JSON API, downsampled on the server to at most
 * `POINTS` samples, so a million-sample experiment stays responsive.
 */
import { getJson, parseJson } from './api.js';
import { differentialCapacity, splitCycle } from './cycle-curves.js';
import { capacityUnit, chart, colour, parseCycles, status } from './plot-kit.js';

const POINTS = 2000;

/** @typedef {{ fileId: number, cycle: number, chargeCapacityAh: number, dischargeCapacityAh: number, coulombicEfficiency: number | null }} Cycle */
/** @typedef {{ columns: Record<string, (number | null)[]>, points: number, totalPoints: number, downsampled: boolean }} Series */

const root = document.getElementById('plots');
if (root) void start(root);

/** @param {HTMLElement} root */
async function start(root) {
  const id = root.dataset.experimentId ?? '';
  const massMg = Number(root.dataset.activeMassMg) || null;
  const files = /** @type {number[]} */ (parseJson(root.dataset.files ?? '[]'));
  const base = `/api/experiments/${id}`;
  const unitSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('capacity-unit'));
  const unit = () => unitSelect?.value ?? 'ah';
  /** The unit of the per-cycle curves: the chosen one, Ah for "normalised". */
  const curveUnit = () => (unit() === 'normalised' ? 'ah' : unit());

  status('plot-capacity', 'Loading…');
  /** @type {Cycle[]} */
  let cycles = [];
  try {
    cycles = /** @type {{ items: Cycle[] }} */ (await getJson(`${base}/cycles`)).items;
    drawCapacity(cycles, unit(), massMg);
  } catch (error) {
    status('plot-capacity', `Could not load the cycles: ${String(error)}`);
  }
  unitSelect?.addEventListener('change', () => {
    drawCapacity(cycles, unit(), massMg);
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
  void drawCycles(base, files, curveUnit(), massMg);
}

/**
 * @param {Cycle[]} cycles
 * @param {string} unit `ah`, `mah`, `mahg` or `normalised`
 * @param {number | null} massMg
 */
function drawCapacity(cycles, unit, massMg) {
  const container = document.getElementById('plot-capacity');
  if (!container) return;
  if (cycles.length === 0) {
    status('plot-capacity', 'No cycles yet.');
    return;
  }
  const several = new Set(cycles.map((c) => c.fileId)).size > 1;
  const first = cycles.find((c) => c.dischargeCapacityAh > 0)?.dischargeCapacityAh ?? 1;
  const { factor, label } =
    unit === 'normalised' ? { factor: 1 / first, label: 'fraction of cycle 1' } : capacityUnit(unit, massMg);
  const x = cycles.map((c, i) => (several ? i + 1 : c.cycle));
  const data = /** @type {uPlot.AlignedData} */ ([
    x,
    cycles.map((c) => c.dischargeCapacityAh * factor),
    cycles.map((c) => c.chargeCapacityAh * factor),
    cycles.map((c) => (c.coulombicEfficiency === null ? null : c.coulombicEfficiency * 100)),
  ]);
  chart(
    container,
    {
      scales: {
        x: { time: false },
        ce: { range: (_u, min, max) => [Math.min(min, 90), Math.max(max, 101)] },
      },
      axes: [
        { label: several ? 'Cycle (files in upload order)' : 'Cycle' },
        { label: `Capacity (${label})`, size: 70 },
        { label: 'Coulombic efficiency (%)', scale: 'ce', side: 1, grid: { show: false }, size: 60 },
      ],
      series: [
        { label: 'Cycle' },
        { label: 'Discharge', stroke: colour(0), width: 2, points: { show: cycles.length < 60 } },
        { label: 'Charge', stroke: colour(1), width: 2, points: { show: cycles.length < 60 } },
        { label: 'CE %', stroke: colour(2), scale: 'ce', dash: [6, 4], width: 1.5 },
      ],
    },
    data,
  );
  status('plot-capacity', `${cycles.length} cycles; capacity in ${label}.`);
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
  /** @param {Series} s @returns {uPlot.AlignedData} */
  const toData = (s) => [
    (s.columns.timeS ?? []).map((t) => (t ?? 0) / 3600),
    s.columns.voltageV ?? [],
    s.columns.currentA ?? [],
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
        { label: 'Current (A)', scale: 'A', side: 1, grid: { show: false }, size: 60 },
      ],
      series: [
        { label: 'Time (h)' },
        { label: 'Voltage (V)', stroke: colour(0), width: 1.5 },
        { label: 'Current (A)', stroke: colour(1), scale: 'A', width: 1 },
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
 * Voltage vs capacity and dQ/dV of the chosen cycles of one file.
 * @param {string} base
 * @param {number[]} files
 * @param {string} unit `ah`, `mah` or `mahg`
 * @param {number | null} massMg
 */
async function drawCycles(base, files, unit, massMg) {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById('chosen-cycles'));
  const fileSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('cycle-file'));
  const voltage = document.getElementById('plot-voltage');
  const dqdv = document.getElementById('plot-dqdv');
  const fileId = Number(fileSelect?.value ?? files[0]);
  if (!input || !voltage || !dqdv || !Number.isFinite(fileId)) return;
  const chosen = parseCycles(input.value);
  if (chosen.length === 0) {
    status('plot-voltage', 'Type one or more cycle numbers above.');
    status('plot-dqdv', '');
    return;
  }
  const { factor, label } = capacityUnit(unit, massMg);
  status('plot-voltage', 'Loading…');
  status('plot-dqdv', 'Loading…');
  const fields = 'currentA,voltageV,chargeCapacityAh,dischargeCapacityAh';
  /** @type {{ cycle: number, series: Series }[]} */
  let loaded;
  try {
    loaded = await Promise.all(
      chosen.map(async (cycle) => ({
        cycle,
        series: /** @type {Series} */ (
          await getJson(
            `${base}/timeseries?fields=${fields}&fileId=${fileId}&cycleFrom=${cycle}&cycleTo=${cycle}&points=${POINTS}`,
          )
        ),
      })),
    );
  } catch (error) {
    status('plot-voltage', `Could not load the cycles: ${String(error)}`);
    status('plot-dqdv', '');
    return;
  }
  const present = loaded.filter((l) => l.series.points > 0);
  const missing = loaded.filter((l) => l.series.points === 0).map((l) => l.cycle);
  const note = missing.length ? ` No samples for cycle ${missing.join(', ')}.` : '';
  if (present.length === 0) {
    status('plot-voltage', `No samples for these cycles.`);
    status('plot-dqdv', '');
    return;
  }
  /** @type {uPlot.AlignedData[]} */
  const curves = [];
  /** @type {uPlot.AlignedData[]} */
  const derivatives = [];
  /** @type {uPlot.Series[]} */
  const series = [{ label: `Capacity (${label})` }];
  /** @type {uPlot.Series[]} */
  const dSeries = [{ label: 'Voltage (V)' }];
  present.forEach(({ cycle, series: s }, i) => {
    const { charge, discharge } = splitCycle(s.columns, factor);
    for (const [curve, kind, sign] of /** @type {const} */ ([
      [charge, 'charge', 1],
      [discharge, 'discharge', -1],
    ])) {
      if (curve.x.length === 0) continue;
      curves.push([curve.x, curve.y]);
      series.push({
        label: `Cycle ${cycle} ${kind}`,
        stroke: colour(i),
        width: 1.5,
        spanGaps: true,
        ...(kind === 'discharge' ? { dash: [6, 3] } : {}),
      });
      const d = differentialCapacity(curve, sign);
      if (d.x.length === 0) continue;
      derivatives.push([d.x, d.y]);
      dSeries.push({
        label: `Cycle ${cycle} ${kind}`,
        stroke: colour(i),
        width: 1.5,
        spanGaps: true,
        ...(kind === 'discharge' ? { dash: [6, 3] } : {}),
      });
    }
  });
  if (curves.length === 0) {
    status('plot-voltage', `These cycles have no charge or discharge capacity to plot.${note}`);
    status('plot-dqdv', '');
    return;
  }
  chart(
    voltage,
    {
      scales: { x: { time: false } },
      axes: [{ label: `Capacity (${label})` }, { label: 'Voltage (V)', size: 60 }],
      series,
    },
    uPlot.join(curves),
  );
  status('plot-voltage', `Solid: charge; dashed: discharge.${note}`);
  if (derivatives.length === 0) {
    status('plot-dqdv', 'Not enough samples for dQ/dV.');
    return;
  }
  chart(
    dqdv,
    {
      scales: { x: { time: false } },
      axes: [{ label: 'Voltage (V)' }, { label: `dQ/dV (${label}/V)`, size: 70 }],
      series: dSeries,
    },
    uPlot.join(derivatives),
  );
  status('plot-dqdv', `From the downsampled samples, in ${80} voltage steps per curve.`);
}
