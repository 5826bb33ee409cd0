import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import type { DataFileItem } from '../../measurements/data-files.ts';
import type { CycleItem } from '../../measurements/find-cycles.ts';

/** A few cycles worth drawing by default: the first, one in the middle and the last. */
export function defaultCycles(cycles: readonly CycleItem[], fileId: number): number[] {
  const own = cycles.filter((c) => c.fileId === fileId).map((c) => c.cycle);
  if (own.length === 0) return [];
  const picks = [own[0]!, own[Math.floor(own.length / 2)]!, own[own.length - 1]!];
  return [...new Set(picks)];
}

function FileSelect({ id, files, label }: { id: string; files: DataFileItem[]; label: string }) {
  if (files.length < 2) return null;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id}>
        {files.map((f) => (
          <option key={f.id} value={String(f.id)}>
            {f.fileName}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Containers and controls for the plots; `/assets/js/plots.js` draws them with uPlot from the
 * JSON API (cycles, and time series downsampled on the server), so the page never loads a
 * full series. Without JavaScript the cycle table carries the same numbers.
 */
export function PlotPanels({
  experiment,
  cycles,
  files,
}: {
  experiment: ExperimentJson;
  cycles: CycleItem[];
  files: DataFileItem[];
}) {
  const withCycles = files.filter((f) => cycles.some((c) => c.fileId === f.id));
  const first = withCycles[0];
  const chosen = first ? defaultCycles(cycles, first.id) : [];
  // Coin cells hold a few mAh: below 1 Ah the plots start in mAh.
  const small = Math.max(0, ...cycles.map((c) => c.dischargeCapacityAh)) < 1;
  return (
    <section
      aria-labelledby="plots-heading"
      id="plots"
      data-experiment-id={String(experiment.id)}
      data-active-mass-mg={experiment.activeMassMg === null ? '' : String(experiment.activeMassMg)}
      data-files={JSON.stringify(withCycles.map((f) => f.id))}
    >
      <h2 id="plots-heading">Plots</h2>
      <noscript>
        <p>The plots need JavaScript; the cycle table below has the same numbers.</p>
      </noscript>
      <div class="plot-grid">
        <div class="plot-panel">
          <h3>Capacity and coulombic efficiency vs cycle</h3>
          <div class="plot-controls">
            <div class="field">
              <label for="capacity-unit">Capacity unit</label>
              <select id="capacity-unit">
                <option value="mah" selected={small}>
                  mAh
                </option>
                <option value="ah" selected={!small}>
                  Ah
                </option>
                {experiment.activeMassMg !== null ? <option value="mahg">mAh/g</option> : null}
                <option value="normalised">normalised to cycle 1</option>
              </select>
            </div>
          </div>
          <div
            class="plot"
            id="plot-capacity"
            role="img"
            aria-label="Charge and discharge capacity and coulombic efficiency for each cycle"
          />
          <p class="plot-status" id="plot-capacity-status" aria-live="polite" />
        </div>
        <div class="plot-panel">
          <h3>Current and voltage vs time</h3>
          <div class="plot-controls">
            <FileSelect id="time-file" files={withCycles} label="File" />
            <p class="hint">
              Drag across the plot to zoom in (finer samples are fetched); double-click to zoom out.
            </p>
          </div>
          <div class="plot" id="plot-time" role="img" aria-label="Voltage and current over time" />
          <p class="plot-status" id="plot-time-status" aria-live="polite" />
        </div>
      </div>
      <form class="plot-controls" id="cycle-chooser" action="#plots">
        <div class="field">
          <label for="chosen-cycles">Cycles for voltage and dQ/dV</label>
          <input
            id="chosen-cycles"
            type="text"
            inputMode="numeric"
            value={chosen.join(', ')}
            aria-describedby="chosen-cycles-hint"
          />
          <p class="hint" id="chosen-cycles-hint">
            Up to 8 cycle numbers, separated by commas.
          </p>
        </div>
        <FileSelect id="cycle-file" files={withCycles} label="File" />
        <button type="submit">Show</button>
      </form>
      <div class="plot-grid">
        <div class="plot-panel">
          <h3>Voltage vs capacity</h3>
          <div
            class="plot"
            id="plot-voltage"
            role="img"
            aria-label="Voltage against capacity for the chosen cycles"
          />
          <p class="plot-status" id="plot-voltage-status" aria-live="polite" />
        </div>
        <div class="plot-panel">
          <h3>Differential capacity dQ/dV</h3>
          <div
            class="plot"
            id="plot-dqdv"
            role="img"
            aria-label="Differential capacity against voltage for the chosen cycles"
          />
          <p class="plot-status" id="plot-dqdv-status" aria-live="polite" />
        </div>
      </div>
    </section>
  );
}
