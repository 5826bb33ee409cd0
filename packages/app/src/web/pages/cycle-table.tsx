import type { CellCycleItem } from '../../cells/cell-cycles.ts';
import type { CellItem } from '../../cells/cell-json.ts';
import { inUnit, unitFor } from './experiment-bits.tsx';
import { cellUnit, columnDecimals, UNIT_LABEL, unitFactorOf } from './cell-units.ts';
import { formatFixed } from './format.tsx';

/** Rows of a cell's cycle table on the page; the export has them all. */
const CYCLE_ROWS = 500;

/**
 * One cell's cycles: its own unit (mAh/g where its mass is known, with mAh or Ah beside it),
 * its cycle numbers continued across its files, and a row where one file ends and the next
 * begins. Scrolls sideways in a region the keyboard can reach (tabindex, named).
 */
function CellCycles({ cell, cycles }: { cell: CellItem; cycles: CellCycleItem[] }) {
  const ah = cycles.flatMap((c) => [c.chargeCapacityAh, c.dischargeCapacityAh]);
  const unit = cellUnit(cell, ah);
  const sized = unitFor(ah);
  const factor = unitFactorOf(unit, cell.activeMassMg);
  const shown = cycles.slice(0, CYCLE_ROWS);
  const main = columnDecimals(
    shown.flatMap((c) => [c.chargeCapacityAh * factor, c.dischargeCapacityAh * factor]),
  );
  const secondary = columnDecimals(ah.map((v) => v * (sized === 'mah' ? 1000 : 1)));
  const energyUnit = unitFor(cycles.map((c) => c.dischargeEnergyWh));
  const energyDecimals = columnDecimals(
    shown.map((c) => c.dischargeEnergyWh * (energyUnit === 'mah' ? 1000 : 1)),
  );
  const fileName = new Map(cell.files.map((f) => [f.id, f]));
  const several = cell.files.length > 1;
  const value = (v: number) => (
    <>
      {formatFixed(v * factor, main)} {UNIT_LABEL[unit]}
      {unit === 'mahg' ? <span class="muted"> · {inUnit(v, sized, 'Ah', secondary)}</span> : null}
    </>
  );
  const id = `cycles-${cell.id}`;
  return (
    <div class="cell-cycles">
      <h3 id={id}>
        {cell.label}{' '}
        <span class="muted">
          {cycles.length} cycle{cycles.length === 1 ? '' : 's'}
          {unit === 'mahg' && cell.activeMassMg !== null
            ? `, ${formatFixed(cell.activeMassMg, columnDecimals([cell.activeMassMg]))} mg active`
            : ''}
        </span>
      </h3>
      {cycles.length > CYCLE_ROWS ? (
        <p class="muted">
          The first {CYCLE_ROWS} of {cycles.length} cycles; the export has them all.
        </p>
      ) : null}
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby={id}>
        <table class="cycle-table">
          <caption class="visually-hidden">Per-cycle summary of {cell.label}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Cycle
              </th>
              <th scope="col" class="num">
                Charge
              </th>
              <th scope="col" class="num">
                Discharge
              </th>
              <th scope="col" class="num">
                <abbr title="Coulombic efficiency">CE</abbr>
              </th>
              <th scope="col" class="num hide-narrow">
                Discharge energy
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c, i) => {
              const boundary = several && (i === 0 || shown[i - 1]!.fileId !== c.fileId);
              const file = fileName.get(c.fileId);
              return (
                <>
                  {boundary && file ? (
                    <tr class="file-boundary" key={`f${c.fileId}`}>
                      <th scope="rowgroup" colSpan={5}>
                        File {file.position}: {file.fileName}
                        {c.cellCycle !== c.cycle
                          ? ` — its cycle ${c.cycle} is the cell's cycle ${c.cellCycle}`
                          : ''}
                      </th>
                    </tr>
                  ) : null}
                  <tr key={`${c.fileId}-${c.cycle}`}>
                    <td class="num">{c.cellCycle}</td>
                    <td class="num">{value(c.chargeCapacityAh)}</td>
                    <td class="num">{value(c.dischargeCapacityAh)}</td>
                    <td class="num">
                      {c.coulombicEfficiency === null
                        ? '—'
                        : `${formatFixed(c.coulombicEfficiency * 100, 2)} %`}
                    </td>
                    <td class="num hide-narrow">
                      {inUnit(c.dischargeEnergyWh, energyUnit, 'Wh', energyDecimals)}
                    </td>
                  </tr>
                </>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The cycle table, one per cell (never one table across cells: units and numbering are a cell's). */
export function CycleTables({ cells, cycles }: { cells: CellItem[]; cycles: CellCycleItem[] }) {
  const withCycles = cells
    .map((cell) => ({ cell, own: cellCyclesInOrder(cell, cycles) }))
    .filter((c) => c.own.length > 0);
  if (withCycles.length === 0) return null;
  return (
    <section aria-labelledby="cycles-heading">
      <h2 id="cycles-heading">Cycles</h2>
      {withCycles.map(({ cell, own }) => (
        <CellCycles key={cell.id} cell={cell} cycles={own} />
      ))}
    </section>
  );
}

/** A cell's cycles in its files' order. */
export function cellCyclesInOrder(cell: CellItem, cycles: readonly CellCycleItem[]): CellCycleItem[] {
  return cycles.filter((c) => c.cellId === cell.id).sort((a, b) => a.cellCycle - b.cellCycle);
}
