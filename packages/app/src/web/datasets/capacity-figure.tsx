import type { DatasetSnapshot } from '../../datasets/snapshot-experiment.ts';
import { formatFixed } from '../pages/format.tsx';

const W = 640;
const H = 300;
const PAD = { left: 64, right: 16, top: 16, bottom: 44 };
/** Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito). */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/** Round steps from 0 up to the first one at or above `max` (about five of them). */
function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const step = [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

/** Points are marked where there are few enough to tell apart (and a single cycle is visible at all). */
const MARKED_POINTS = 60;

/**
 * Discharge capacity vs cycle, one series per cell, drawn on the server as SVG: the figure works
 * without JavaScript and under the strict CSP (presentation attributes, no inline style). In
 * mAh/g when every cell records its active mass, else in mAh; the numbers are the version's own.
 */
export function CapacityFigure({ snapshot }: { snapshot: DatasetSnapshot }) {
  const tables = snapshot.cycleTables.filter((t) => t.cycles.length > 0);
  if (tables.length === 0) return null;
  const perGram = tables.every((t) => t.activeMassMg !== null && t.activeMassMg > 0);
  const unit = perGram ? 'mAh/g' : 'mAh';
  const value = (c: DatasetSnapshot['cycleTables'][number]['cycles'][number]) =>
    perGram ? (c.dischargeMahG ?? 0) : c.dischargeAh * 1000;
  const all = tables.flatMap((t) => t.cycles);
  const maxX = Math.max(...all.map((c) => c.cycle));
  const maxY = Math.max(...all.map(value));
  const yTicks = ticks(maxY);
  const top = yTicks[yTicks.length - 1]!;
  const xTicks = ticks(maxX).filter((t) => t <= maxX);
  const minX = Math.min(...all.map((c) => c.cycle));
  const spanX = Math.max(1, maxX - minX);
  const x = (n: number) => PAD.left + ((n - minX) / spanX) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const decimals = top >= 10 ? 0 : top >= 1 ? 1 : 3;
  return (
    <figure class="capacity-figure">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="capacity-caption"
        class="capacity-svg"
        xmlns="http://www.w3.org/2000/svg"
      >
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#ddd" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" font-size="12">
              {formatFixed(t, decimals)}
            </text>
          </g>
        ))}
        {xTicks
          .filter((t) => t >= minX)
          .map((t) => (
            <text key={`x${t}`} x={x(t)} y={H - PAD.bottom + 16} text-anchor="middle" font-size="12">
              {t}
            </text>
          ))}
        <text x={(W + PAD.left) / 2} y={H - 6} text-anchor="middle" font-size="13">
          Cycle
        </text>
        <text
          x={14}
          y={(H - PAD.bottom) / 2}
          text-anchor="middle"
          font-size="13"
          transform={`rotate(-90 14 ${(H - PAD.bottom) / 2})`}
        >
          Discharge capacity ({unit})
        </text>
        {tables.map((t, i) => (
          <g key={t.cellId} stroke={COLOURS[i % COLOURS.length]} fill={COLOURS[i % COLOURS.length]}>
            <polyline
              fill="none"
              stroke-width="2"
              points={t.cycles.map((c) => `${x(c.cycle).toFixed(1)},${y(value(c)).toFixed(1)}`).join(' ')}
            />
            {t.cycles.length <= MARKED_POINTS
              ? t.cycles.map((c) => <circle key={c.cycle} cx={x(c.cycle)} cy={y(value(c))} r="3" />)
              : null}
          </g>
        ))}
      </svg>
      <figcaption id="capacity-caption">
        Discharge capacity ({unit}) per cycle
        {tables.length > 1 ? ', one line per cell: ' : ' of '}
        {tables.map((t, i) => (
          <span key={t.cellId} class="legend-item">
            <svg width="18" height="10" aria-hidden="true" class="legend-swatch">
              <line x1="0" x2="18" y1="5" y2="5" stroke={COLOURS[i % COLOURS.length]} stroke-width="3" />
            </svg>{' '}
            {t.cellLabel}
            {i < tables.length - 1 ? ', ' : ''}
          </span>
        ))}
        .
      </figcaption>
    </figure>
  );
}
