import { type ComparedCell, compareFigures, comparedLabel } from '../../cells/compare-cells.ts';
import { columnDecimals } from './cell-units.ts';
import { inUnit, unitFor } from './experiment-bits.tsx';
import { formatFixed } from './format.tsx';

/** Rows of a compared cell's table on the page; the Export has them all. */
const ROWS = 500;

/** The cells compared, one row each: what they are and how their capacity went. */
export function ComparedCellsTable({
  cells,
  reference,
}: {
  cells: ComparedCell[];
  reference: number | null;
}) {
  return (
    <div class="table-wrap panel" tabindex={0} role="region" aria-labelledby="compared-heading">
      <table>
        <caption class="visually-hidden">The cells compared</caption>
        <thead>
          <tr>
            <th scope="col">Experiment · cell</th>
            <th scope="col" class="num">
              Active mass
            </th>
            <th scope="col" class="num">
              Cycles
            </th>
            <th scope="col" class="num">
              First discharge
            </th>
            <th scope="col" class="num">
              Last discharge
            </th>
            <th scope="col" class="num">
              Last, {reference === null ? 'of the first' : `of cycle ${reference}`}
            </th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => {
            const figures = compareFigures(c, reference);
            const discharging = figures.filter((f) => f.dischargeAh > 0);
            const first = discharging[0];
            const last = discharging.at(-1);
            const unit = unitFor(discharging.map((f) => f.dischargeAh));
            const decimals = columnDecimals(
              discharging.map((f) => f.dischargeAh * (unit === 'mah' ? 1000 : 1)),
            );
            return (
              <tr key={c.cell.id}>
                <th scope="row">
                  <a href={`/experiments/${c.experimentId}#cycles-${c.cell.id}`}>{comparedLabel(c)}</a>
                </th>
                <td class="num">
                  {c.cell.activeMassMg === null ? (
                    <span class="muted">no mass</span>
                  ) : (
                    `${formatFixed(c.cell.activeMassMg, columnDecimals([c.cell.activeMassMg]))} mg`
                  )}
                </td>
                <td class="num">{c.cycles.length}</td>
                <td class="num">{first ? inUnit(first.dischargeAh, unit, 'Ah', decimals) : '—'}</td>
                <td class="num">{last ? inUnit(last.dischargeAh, unit, 'Ah', decimals) : '—'}</td>
                <td class="num">
                  {last?.normalisedPercent == null ? '—' : `${formatFixed(last.normalisedPercent, 1)} %`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One compared cell's per-cycle figures — every quantity the plot offers, so the page reads
 * without JavaScript: discharge capacity (mAh or Ah by the cell's size), normalised to the
 * reference cycle (%), mAh/g ("no mass" where the cell records none), coulombic efficiency and
 * discharge energy. Values are the stored per-cycle summary, scaled only.
 */
function CellFigures({ compared, reference }: { compared: ComparedCell; reference: number | null }) {
  const figures = compareFigures(compared, reference);
  const shown = figures.slice(0, ROWS);
  const unit = unitFor(figures.map((f) => f.dischargeAh));
  const capacityDecimals = columnDecimals(shown.map((f) => f.dischargeAh * (unit === 'mah' ? 1000 : 1)));
  const specificDecimals = columnDecimals(shown.map((f) => f.dischargeMahG ?? 0));
  const energyUnit = unitFor(figures.map((f) => f.dischargeEnergyWh));
  const energyDecimals = columnDecimals(
    shown.map((f) => f.dischargeEnergyWh * (energyUnit === 'mah' ? 1000 : 1)),
  );
  const massless = compared.cell.activeMassMg === null;
  const id = `compared-${compared.cell.id}`;
  const label = comparedLabel(compared);
  return (
    <div class="cell-cycles">
      <h3 id={id}>
        {label}{' '}
        <span class="muted">
          {figures.length} cycle{figures.length === 1 ? '' : 's'}
          {massless ? ', no active mass recorded' : ''}
        </span>
      </h3>
      {figures.length > ROWS ? (
        <p class="muted">
          The first {ROWS} of {figures.length} cycles; the Export has them all.
        </p>
      ) : null}
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby={id}>
        <table class="cycle-table compare-table">
          <caption class="visually-hidden">Per-cycle figures of {label}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Cycle
              </th>
              <th scope="col" class="num">
                Discharge
              </th>
              <th scope="col" class="num">
                Normalised
              </th>
              <th scope="col" class="num">
                mAh/g
              </th>
              <th scope="col" class="num">
                <abbr title="Coulombic efficiency">CE</abbr>
              </th>
              <th scope="col" class="num">
                Discharge energy
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={f.cellCycle}>
                <td class="num">{f.cellCycle}</td>
                <td class="num">{inUnit(f.dischargeAh, unit, 'Ah', capacityDecimals)}</td>
                <td class="num">
                  {f.normalisedPercent === null ? '—' : `${formatFixed(f.normalisedPercent, 2)} %`}
                </td>
                <td class="num">
                  {f.dischargeMahG === null ? (
                    <span class="muted">no mass</span>
                  ) : (
                    formatFixed(f.dischargeMahG, specificDecimals)
                  )}
                </td>
                <td class="num">
                  {f.coulombicEfficiencyPercent === null
                    ? '—'
                    : `${formatFixed(f.coulombicEfficiencyPercent, 2)} %`}
                </td>
                <td class="num">{inUnit(f.dischargeEnergyWh, energyUnit, 'Wh', energyDecimals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Every compared cell's per-cycle table, in the order compared. */
export function ComparedFigures({ cells, reference }: { cells: ComparedCell[]; reference: number | null }) {
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">Cycles of each cell</h2>
      <p class="hint">
        Normalised: discharge as a percentage of{' '}
        {reference === null ? 'the cell’s first discharge' : `the cell’s cycle ${reference}`}. Cycle numbers
        are each cell’s own, continued across its files.
      </p>
      {cells.map((c) => (
        <CellFigures key={c.cell.id} compared={c} reference={reference} />
      ))}
    </section>
  );
}
