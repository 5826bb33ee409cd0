// @ts-check
/**
 * A plot as a figure for a paper (issue 21): PNG at screen size and at 300 dpi, SVG, and the
 * plotted data as CSV — of what the plot shows now (its series, unit, zoom). The figure is
 * described once (lines, texts, a frame, from uPlot's own scales, ticks and series) and drawn
 * twice: as SVG text and on a canvas at any scale, so the PNG and the SVG are the same picture.
 * `chart()` in plot-kit.js adds the buttons under every plot; the legend is figure-legend.js.
 */
import { labelText, legendShapes } from './figure-legend.js';

const FONT = '12px system-ui, sans-serif';
const PRINT_SCALE = 300 / 96;

/** @typedef {import('./figure-legend.js').Line} Line */
/** @typedef {import('./figure-legend.js').Text} Text */
/** @typedef {import('./figure-legend.js').Rect} Rect */
/** @typedef {{ width: number, height: number, clip: { x: number, y: number, w: number, h: number }, shapes: (Line | Text | Rect)[] }} Figure */

/**
 * Whether a plot is uPlot's x-y mode (mode 2: each series its own `[xs, ys]`, `data[0]` empty).
 * @param {uPlot} u
 */
export const isXy = (u) => !Array.isArray(u.data[0]) || Array.isArray(u.data[1]?.[0]);

/**
 * A series' scale on one axis (x-y series name theirs in `facets`).
 * @param {uPlot.Series} series
 * @param {0 | 1} axis
 */
function scaleOf(series, axis) {
  const facets = /** @type {{ facets?: { scale?: string }[] }} */ (/** @type {unknown} */ (series)).facets;
  return facets?.[axis]?.scale ?? (axis === 0 ? 'x' : (series.scale ?? 'y'));
}

/**
 * A series' stroke colour: uPlot turns `stroke` into a function once the plot exists.
 * @param {uPlot} u
 * @param {number} i
 */
function strokeOf(u, i) {
  const stroke = /** @type {string | ((u: uPlot, i: number) => unknown) | undefined} */ (
    /** @type {unknown} */ (u.series[i]?.stroke)
  );
  const value = typeof stroke === 'function' ? stroke(u, i) : stroke;
  return typeof value === 'string' ? value : '#000';
}

/**
 * The points of series `i` in figure coordinates, a run per stretch without gaps.
 * @param {uPlot} u
 * @param {number} i
 * @param {number} left
 * @param {number} top
 * @returns {[number, number][][]}
 */
function runs(u, i, left, top) {
  const series = u.series[i];
  const xy = isXy(u)
    ? /** @type {unknown[][]} */ (/** @type {unknown} */ (u.data[i]))
    : [u.data[0], u.data[i]];
  const xs = /** @type {(number | null)[]} */ (xy[0] ?? []);
  const ys = /** @type {(number | null)[]} */ (xy[1] ?? []);
  /** @type {[number, number][][]} */
  const out = [[]];
  xs.forEach((x, k) => {
    const y = ys[k];
    if (x === null || x === undefined || y === null || y === undefined) {
      if (out.at(-1)?.length) out.push([]);
      return;
    }
    out
      .at(-1)
      ?.push([
        left + u.valToPos(x, series ? scaleOf(series, 0) : 'x'),
        top + u.valToPos(y, series ? scaleOf(series, 1) : 'y'),
      ]);
  });
  return out.filter((r) => r.length > 0);
}

/**
 * What the plot shows, as shapes: frame, ticks and tick labels, axis labels (units included),
 * the visible series, and a legend row under the plot.
 * @param {uPlot} u
 * @returns {Figure}
 */
export function describeFigure(u) {
  const ratio = uPlot.pxRatio;
  const [left, top, w, h] = [
    u.bbox.left / ratio,
    u.bbox.top / ratio,
    u.bbox.width / ratio,
    u.bbox.height / ratio,
  ];
  /** @type {(Line | Text | Rect)[]} */
  const shapes = [];
  const text = (/** @type {Omit<Text, 'kind' | 'rotate' | 'bold'> & Partial<Text>} */ t) =>
    shapes.push({ kind: 'text', rotate: 0, bold: false, ...t });
  u.axes.forEach((axis, i) => {
    if (axis.show === false) return;
    const scale = axis.scale ?? (i === 0 ? 'x' : 'y');
    const side = axis.side ?? (i === 0 ? 2 : 3);
    const internal = /** @type {{ _splits?: number[], _values?: (string | number)[] }} */ (
      /** @type {unknown} */ (axis)
    );
    const splits = internal._splits ?? [];
    const values = internal._values ?? splits.map(String);
    splits.forEach((v, k) => {
      const label = String(values[k] ?? '');
      const at = u.valToPos(v, scale);
      if (side === 2) {
        shapes.push({
          kind: 'line',
          points: [
            [left + at, top + h],
            [left + at, top + h + 5],
          ],
          colour: '#555',
          width: 1,
          dash: [],
        });
        text({ x: left + at, y: top + h + 18, text: label, anchor: 'middle' });
      } else {
        const x = side === 3 ? left : left + w;
        const out = side === 3 ? -5 : 5;
        shapes.push({
          kind: 'line',
          points: [
            [x, top + at],
            [x + out, top + at],
          ],
          colour: '#555',
          width: 1,
          dash: [],
        });
        text({ x: x + out * 1.6, y: top + at + 4, text: label, anchor: side === 3 ? 'end' : 'start' });
      }
    });
    if (!axis.label) return;
    const label = String(axis.label);
    if (side === 2) text({ x: left + w / 2, y: top + h + 38, text: label, anchor: 'middle', bold: true });
    else if (side === 3)
      text({ x: 14, y: top + h / 2, text: label, anchor: 'middle', rotate: -90, bold: true });
    else text({ x: u.width - 8, y: top + h / 2, text: label, anchor: 'middle', rotate: 90, bold: true });
  });
  shapes.push({ kind: 'rect', x: left, y: top, w, h, fill: null, stroke: '#555' });
  u.series.forEach((series, i) => {
    if (i === 0 || series.show === false) return;
    const colour = strokeOf(u, i);
    const dash = Array.isArray(series.dash) ? series.dash : [];
    const width = typeof series.width === 'number' ? series.width : 1;
    for (const points of runs(u, i, left, top))
      shapes.push({ kind: 'line', points, colour, width, dash, clipped: true });
  });
  // Under the x axis label (at h + 38), not under the room uPlot keeps below it.
  const legendTop = Math.min(u.height + 6, top + h + 48);
  const key = legendShapes(u, left, legendTop, strokeOf);
  shapes.push(...key.shapes);
  return {
    width: u.width,
    height: legendTop + key.height,
    clip: { x: left, y: top, w, h },
    shapes,
  };
}

/** @param {string} s */
const escapeXml = (s) =>
  s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);

/**
 * The figure as a standalone SVG document (width and height in CSS pixels).
 * @param {Figure} f
 */
export function figureSvg(f) {
  const { x, y, w, h } = f.clip;
  const body = f.shapes.map((s) => {
    if (s.kind === 'rect')
      return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" fill="${s.fill ?? 'none'}" stroke="${s.stroke ?? 'none'}"/>`;
    if (s.kind === 'text') {
      const turn = s.rotate ? ` transform="rotate(${s.rotate} ${s.x} ${s.y})"` : '';
      return `<text x="${s.x}" y="${s.y}" text-anchor="${s.anchor}"${s.bold ? ' font-weight="bold"' : ''}${turn}>${escapeXml(s.text)}</text>`;
    }
    const clip = s.clipped ? ' clip-path="url(#plot-area)"' : '';
    const dash = s.dash.length ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    const points = s.points.map(([px, py]) => `${+px.toFixed(2)},${+py.toFixed(2)}`).join(' ');
    return `<polyline points="${points}" fill="none" stroke="${s.colour}" stroke-width="${s.width}"${dash}${clip}/>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="system-ui, sans-serif" font-size="12">` +
    `<defs><clipPath id="plot-area"><rect x="${x}" y="${y}" width="${w}" height="${h}"/></clipPath></defs>` +
    `<rect width="100%" height="100%" fill="#fff"/>${body.join('')}</svg>\n`
  );
}

/**
 * The figure drawn on a canvas `scale` times its CSS size (1: as on screen; 300/96: 300 dpi).
 * @param {Figure} f
 * @param {number} scale
 */
export function figureCanvas(f, scale) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(f.width * scale);
  canvas.height = Math.round(f.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, f.width, f.height);
  ctx.font = FONT;
  for (const s of f.shapes) {
    ctx.save();
    if (s.kind === 'rect') {
      if (s.fill) {
        ctx.fillStyle = s.fill;
        ctx.fillRect(s.x, s.y, s.w, s.h);
      }
      if (s.stroke) {
        ctx.strokeStyle = s.stroke;
        ctx.strokeRect(s.x, s.y, s.w, s.h);
      }
    } else if (s.kind === 'text') {
      ctx.fillStyle = '#222';
      ctx.font = s.bold ? `bold ${FONT}` : FONT;
      ctx.textAlign = s.anchor === 'middle' ? 'center' : s.anchor === 'end' ? 'right' : 'left';
      ctx.translate(s.x, s.y);
      ctx.rotate((s.rotate * Math.PI) / 180);
      ctx.fillText(s.text, 0, 0);
    } else {
      // Series stay inside the plot area (a value off the scale is cut at its edge, as on screen).
      if (s.clipped) {
        ctx.beginPath();
        ctx.rect(f.clip.x, f.clip.y, f.clip.w, f.clip.h);
        ctx.clip();
      }
      ctx.strokeStyle = s.colour;
      ctx.lineWidth = s.width;
      ctx.setLineDash(s.dash);
      ctx.beginPath();
      s.points.forEach(([px, py], k) => (k === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
      ctx.stroke();
    }
    ctx.restore();
  }
  return canvas;
}

/**
 * The plotted data as CSV: one column per visible series beside x (x-y plots: one row per
 * point with its series), headed by the series' names and their axes' labels (units).
 * @param {uPlot} u
 */
export function plotCsv(u) {
  const quote = (/** @type {unknown} */ v) => {
    const s = labelText(v, '');
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const axisLabel = (/** @type {string} */ scale) =>
    labelText(u.axes.find((a, i) => (a.scale ?? (i === 0 ? 'x' : 'y')) === scale)?.label, scale);
  const shown = u.series.map((s, i) => ({ s, i })).filter(({ s, i }) => i > 0 && s.show !== false);
  const name = (/** @type {uPlot.Series} */ s) => `${labelText(s.label, '')} [${axisLabel(scaleOf(s, 1))}]`;
  if (isXy(u)) {
    const lines = [['series', 'x', 'x axis', 'y', 'y axis'].map(quote).join(',')];
    for (const { s, i } of shown) {
      const [xs = [], ys = []] = /** @type {unknown[][]} */ (/** @type {unknown} */ (u.data[i]));
      const [xAxis, yAxis] = [axisLabel(scaleOf(s, 0)), axisLabel(scaleOf(s, 1))];
      xs.forEach((x, k) => lines.push([s.label, x, xAxis, ys[k], yAxis].map(quote).join(',')));
    }
    return `${lines.join('\r\n')}\r\n`;
  }
  const header = [axisLabel('x'), ...shown.map(({ s }) => name(s))];
  const rows = Array.from(u.data[0] ?? [], (x, k) => [x, ...shown.map(({ i }) => u.data[i]?.[k])]);
  return `${[header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}

/**
 * Saves a blob under a name (an anchor with `download`: no popup, nothing inline for the CSP).
 * @param {Blob} blob
 * @param {string} name
 */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The plot each container shows now (a redraw replaces it). @type {WeakMap<HTMLElement, uPlot>} */
const current = new WeakMap();

/**
 * Buttons under a plot — PNG, PNG 300 dpi, SVG, CSV — acting on the plot it shows at the time
 * of the click. Called by `chart()` on every draw; the buttons are added once.
 * @param {HTMLElement} container
 * @param {uPlot} plot
 */
export function offerExport(container, plot) {
  current.set(container, plot);
  const id = `${container.id || 'plot'}-export`;
  if (document.getElementById(id)) return;
  const experiment = container.closest('[data-experiment-id]');
  const base = `${experiment instanceof HTMLElement ? `experiment-${experiment.dataset.experimentId}-` : ''}${container.id || 'plot'}`;
  const bar = document.createElement('div');
  bar.className = 'plot-export';
  bar.id = id;
  /** @type {[string, string, (u: uPlot) => Promise<void> | void][]} */
  const actions = [
    ['PNG', 'png', (u) => png(u, 1, `${base}.png`)],
    ['PNG 300 dpi', 'png-300dpi', (u) => png(u, PRINT_SCALE, `${base}-300dpi.png`)],
    [
      'SVG',
      'svg',
      (u) => save(new Blob([figureSvg(describeFigure(u))], { type: 'image/svg+xml' }), `${base}.svg`),
    ],
    ['Data CSV', 'csv', (u) => save(new Blob([plotCsv(u)], { type: 'text/csv' }), `${base}.csv`)],
  ];
  for (const [label, kind, act] of actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small';
    button.dataset.export = kind;
    button.textContent = label;
    button.addEventListener('click', () => {
      const shown = current.get(container);
      if (shown) void act(shown);
    });
    bar.append(button);
  }
  container.after(bar);
}

/**
 * @param {uPlot} u
 * @param {number} scale
 * @param {string} name
 */
async function png(u, scale, name) {
  const canvas = figureCanvas(describeFigure(u), scale);
  /** @type {Blob | null} */
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) save(blob, name);
}
