import { type ComparedCell, comparedLabel } from '../../cells/compare-cells.ts';
import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { ComparedCellsTable, ComparedFigures } from './compare-tables.tsx';
import { unitFor } from './experiment-bits.tsx';
import { CompareExportMenu } from './export-menu.tsx';

/** What the compare plot can show, as the `quantity` of its URL. */
export const QUANTITIES = ['capacity', 'normalised', 'mahg', 'ce', 'energy'] as const;

const QUANTITY_LABELS: Record<(typeof QUANTITIES)[number], string> = {
  capacity: 'capacity',
  normalised: 'normalised capacity',
  mahg: 'mAh/g',
  ce: 'coulombic efficiency',
  energy: 'discharge energy',
};

/** What the page's script needs of each compared cell; its cycles come from the JSON API. */
export interface CompareCell {
  id: number;
  experimentId: number;
  label: string;
  massMg: number | null;
  sized: 'mah' | 'ah';
}

/** A plot's container, its legend (filled by the script) and its status line. */
function Plot({ id, label }: { id: string; label: string }) {
  return (
    <>
      <div class="plot" id={id} role="img" aria-label={label} />
      <ul class="plot-legend" id={`${id}-legend`} aria-label="Legend" />
      <p class="plot-status" id={`${id}-status`} aria-live="polite" />
    </>
  );
}

/** The cycle a V–Q overlay starts with: the first one every cell has, else the first cell's first. */
function firstSharedCycle(cells: readonly ComparedCell[]): number | null {
  const first = cells[0]?.cycles.map((c) => c.cellCycle) ?? [];
  return first.find((n) => cells.every((c) => c.cycles.some((y) => y.cellCycle === n))) ?? first[0] ?? null;
}

/**
 * Cells of several experiments side by side (issue 20 part 4): each cell its own series,
 * "experiment · cell". A quantity chooser (capacity, normalised, mAh/g, CE, energy vs cycle), a
 * cell chooser and a V–Q overlay of one cycle number, drawn by /assets/js/compare.js; without
 * JavaScript the tables carry every figure. The Export has the compared cells' per-cycle CSV.
 */
export function ComparePage({
  ctx,
  experiments,
  cells,
  reference,
}: {
  ctx: PageContext;
  experiments: ExperimentJson[];
  cells: ComparedCell[];
  reference: number | null;
}) {
  const scriptCells: CompareCell[] = cells.map((c) => ({
    id: c.cell.id,
    experimentId: c.experimentId,
    label: comparedLabel(c),
    massMg: c.cell.activeMassMg,
    sized: unitFor(c.cycles.map((y) => y.dischargeCapacityAh)),
  }));
  const allMassed = cells.length > 0 && cells.every((c) => c.cell.activeMassMg !== null);
  const without = experiments.filter((e) => !cells.some((c) => c.experimentId === e.id));
  const cycle = firstSharedCycle(cells);
  return (
    <Page ctx={ctx} title="Compare cells" plots scripts={['compare.js']}>
      <p>
        <a href="/experiments">← Experiments</a>
      </p>
      <h1>Compare cells</h1>
      <p class="lead">
        {cells.length} cell{cells.length === 1 ? '' : 's'} of {experiments.length} experiment
        {experiments.length === 1 ? '' : 's'}
        {without.length ? `; no cycles yet in ${without.map((e) => e.title).join('; ')}` : ''}.
      </p>
      <div class="actions">
        <CompareExportMenu experiments={experiments} />
      </div>
      <h2 id="compared-heading">Cells</h2>
      <ComparedCellsTable cells={cells} reference={reference} />
      <section
        id="compare"
        aria-labelledby="compare-heading"
        data-cells={JSON.stringify(scriptCells)}
        data-experiment-ids={JSON.stringify(experiments.map((e) => e.id))}
      >
        <h2 id="compare-heading">Plots</h2>
        <noscript>
          <p>The plots need JavaScript; the tables have every figure.</p>
        </noscript>
        <form class="plot-controls" id="compare-controls" method="get" action="/compare">
          {experiments.map((e) => (
            <input key={e.id} type="hidden" name="id" value={String(e.id)} />
          ))}
          <div class="field">
            <label for="compare-quantity">Show</label>
            <select id="compare-quantity" name="quantity">
              {QUANTITIES.map((q) => (
                <option key={q} value={q} selected={q === (allMassed ? 'mahg' : 'normalised')}>
                  {QUANTITY_LABELS[q]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="compare-ref">Normalise to cycle</label>
            <input
              id="compare-ref"
              name="ref"
              type="text"
              inputMode="numeric"
              value={reference === null ? '' : String(reference)}
              aria-describedby="compare-ref-hint"
            />
          </div>
          <button type="submit">Show</button>
          <p class="hint" id="compare-ref-hint">
            Empty: each cell’s first discharge.
          </p>
        </form>
        {cells.length > 1 ? (
          <fieldset class="cell-chooser" id="cell-chooser">
            <legend>Cells</legend>
            {scriptCells.map((c) => (
              <label key={c.id} class="check">
                <input type="checkbox" name="cell" value={String(c.id)} checked /> {c.label}
                {c.massMg === null ? <span class="muted"> (no mass)</span> : null}
              </label>
            ))}
          </fieldset>
        ) : null}
        <Plot id="plot-compare" label="The chosen quantity for each cycle, one series per cell" />
        <form class="plot-controls chooser" id="curve-chooser" action="#compare-curves">
          <div class="field">
            <label for="compare-cycle">Cycle for voltage vs capacity</label>
            <input
              id="compare-cycle"
              type="text"
              inputMode="numeric"
              value={cycle === null ? '' : String(cycle)}
              aria-describedby="compare-cycle-hint"
            />
          </div>
          <button type="submit">Overlay</button>
          <p class="hint" id="compare-cycle-hint">
            One cycle number (each cell’s own numbering), drawn for every chosen cell.
          </p>
        </form>
        <div class="plot-grid" id="compare-curves">
          <div class="plot-panel">
            <h3>Voltage vs capacity</h3>
            <Plot
              id="plot-voltage"
              label="Voltage against capacity of the chosen cycle of each chosen cell"
            />
          </div>
          <div class="plot-panel">
            <h3>Differential capacity dQ/dV</h3>
            <Plot id="plot-dqdv" label="Differential capacity of the chosen cycle of each chosen cell" />
          </div>
        </div>
      </section>
      <ComparedFigures cells={cells} reference={reference} />
    </Page>
  );
}
