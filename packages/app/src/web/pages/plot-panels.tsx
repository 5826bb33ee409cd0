import type { CellCycleItem } from '../../cells/cell-cycles.ts';
import type { CellItem } from '../../cells/cell-json.ts';
import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { unitFor } from './experiment-bits.tsx';
import { cellCyclesInOrder } from './cycle-table.tsx';

/** A few cycles worth drawing by default: the first, one in the middle and the last. */
export function defaultCycles(numbers: readonly number[]): number[] {
  if (numbers.length === 0) return [];
  const picks = [numbers[0]!, numbers[Math.floor(numbers.length / 2)]!, numbers[numbers.length - 1]!];
  return [...new Set(picks)];
}

/** A plot's container, its legend (filled by the script) and its status line. */
function Plot({ id, label, legend = false }: { id: string; label: string; legend?: boolean }) {
  return (
    <>
      <div class="plot" id={id} role="img" aria-label={label} />
      {legend ? <ul class="plot-legend" id={`${id}-legend`} aria-label="Legend" /> : null}
      <p class="plot-status" id={`${id}-status`} aria-live="polite" />
    </>
  );
}

/** What the script needs of each cell: its files with samples, its mass, its size. */
export interface PlotCell {
  id: number;
  label: string;
  massMg: number | null;
  sized: 'mah' | 'ah';
  files: { id: number; name: string; offset: number }[];
}

/**
 * Containers and controls for the plots; `/assets/js/plots.js` draws them with uPlot from the
 * JSON API, one series per cell (never one line through two cells), in mAh/g by default where
 * every chosen cell's mass is known. Without JavaScript the cycle tables carry the same numbers.
 */
export function PlotPanels({
  experiment,
  cells,
  cycles,
}: {
  experiment: ExperimentJson;
  cells: CellItem[];
  cycles: CellCycleItem[];
}) {
  const withCycles = cells.filter((c) => cycles.some((y) => y.cellId === c.id));
  const plotCells: PlotCell[] = withCycles.map((cell) => {
    const own = cycles.filter((c) => c.cellId === cell.id);
    return {
      id: cell.id,
      label: cell.label,
      massMg: cell.activeMassMg,
      sized: unitFor(own.flatMap((c) => [c.chargeCapacityAh, c.dischargeCapacityAh])),
      files: cell.files
        .filter((f) => f.firstCellCycle !== null)
        .map((f) => ({ id: f.id, name: f.fileName, offset: f.cycleOffset })),
    };
  });
  const first = withCycles[0];
  const chosen = first ? defaultCycles(cellCyclesInOrder(first, cycles).map((c) => c.cellCycle)) : [];
  const allMassed = withCycles.length > 0 && withCycles.every((c) => c.activeMassMg !== null);
  const several = withCycles.length > 1;
  return (
    <section
      aria-labelledby="plots-heading"
      id="plots"
      data-experiment-id={String(experiment.id)}
      data-cells={JSON.stringify(plotCells)}
    >
      <div class="section-head">
        <h2 id="plots-heading">Plots</h2>
        <div class="field inline-field">
          <label for="capacity-unit">Capacity in</label>
          <select id="capacity-unit">
            <option value="auto">{allMassed ? 'mAh/g (each cell’s mass)' : 'mAh or Ah, by size'}</option>
            <option value="mahg">mAh/g</option>
            <option value="mah">mAh</option>
            <option value="ah">Ah</option>
            <option value="normalised">normalised to each cell’s first cycle</option>
          </select>
        </div>
      </div>
      <noscript>
        <p>The plots need JavaScript; the cycle tables below have the same numbers.</p>
      </noscript>
      {several ? (
        <fieldset class="cell-chooser" id="cell-chooser">
          <legend>Cells</legend>
          {withCycles.map((cell) => (
            <label key={cell.id} class="check">
              <input type="checkbox" name="cell" value={String(cell.id)} checked /> {cell.label}
            </label>
          ))}
          <label class="check replicate-toggle">
            <input type="checkbox" id="replicate-band" /> mean ± standard deviation of the chosen cells
          </label>
        </fieldset>
      ) : null}
      <div class="plot-grid">
        <div class="plot-panel">
          <h3>Discharge capacity and coulombic efficiency vs cycle</h3>
          <Plot
            id="plot-capacity"
            label="Discharge capacity and coulombic efficiency for each cycle, one series per cell"
            legend
          />
        </div>
        <div class="plot-panel">
          <h3>Voltage and current vs time</h3>
          <div class="plot-controls">
            <div class="field">
              <label for="time-file">File</label>
              <select id="time-file">
                {plotCells.flatMap((cell) =>
                  cell.files.map((f) => (
                    <option key={f.id} value={String(f.id)}>
                      {cell.label} — {f.name}
                    </option>
                  )),
                )}
              </select>
            </div>
            <p class="hint">
              Drag across the plot to zoom in (finer samples are fetched); double-click to zoom out.
            </p>
          </div>
          <Plot id="plot-time" label="Voltage and current over time, from the start of the test" legend />
        </div>
      </div>
      <form class="plot-controls chooser" id="cycle-chooser" action="#plots">
        <div class="field">
          <label for="chosen-cycles">Cycles for voltage and dQ/dV</label>
          <input
            id="chosen-cycles"
            type="text"
            inputMode="numeric"
            value={chosen.join(', ')}
            aria-describedby="chosen-cycles-hint"
          />
        </div>
        <button type="submit">Show</button>
        <p class="hint" id="chosen-cycles-hint">
          Cycle numbers or ranges (each cell’s own numbering), e.g. 1, 5, 10–30; up to 20 at once (fewer for
          several cells), for the chosen cells.
        </p>
        <p class="cycle-note" id="chosen-cycles-note" role="status" aria-live="polite" />
      </form>
      <div class="plot-grid">
        <div class="plot-panel">
          <h3>Voltage vs capacity</h3>
          <Plot
            id="plot-voltage"
            label="Voltage against capacity for the chosen cycles of the chosen cells"
            legend
          />
        </div>
        <div class="plot-panel">
          <h3>Differential capacity dQ/dV</h3>
          <Plot
            id="plot-dqdv"
            label="Differential capacity against voltage for the chosen cycles of the chosen cells"
            legend
          />
        </div>
      </div>
    </section>
  );
}
