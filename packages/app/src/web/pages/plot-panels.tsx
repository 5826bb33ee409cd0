import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import type { DataFileItem } from '../../measurements/data-files.ts';
import type { CycleItem } from '../../measurements/find-cycles.ts';
import { unitFor } from './experiment-bits.tsx';

/** A few cycles worth drawing by default: the first, one in the middle and the last. */
export function defaultCycles(cycles: readonly CycleItem[], fileId: number): number[] {
  const own = cycles.filter((c) => c.fileId === fileId).map((c) => c.cycle);
  if (own.length === 0) return [];
  const picks = [own[0]!, own[Math.floor(own.length / 2)]!, own[own.length - 1]!];
  return [...new Set(picks)];
}

function FileSelect({
  id,
  files,
  label,
  all,
}: {
  id: string;
  files: DataFileItem[];
  label: string;
  /** The words of an "every file" choice, offered first and chosen by default. */
  all?: string;
}) {
  if (files.length < 2) return null;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id}>
        {all ? <option value="all">{all}</option> : null}
        {files.map((f) => (
          <option key={f.id} value={String(f.id)}>
            {f.fileName}
          </option>
        ))}
      </select>
    </div>
  );
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

/**
 * Containers and controls for the plots; `/assets/js/plots.js` draws them with uPlot from the
 * JSON API (cycles, time series downsampled on the server, and each chosen cycle's curves and
 * dQ/dV computed on the server), so the page never loads a full series. Without JavaScript the
 * cycle table carries the same numbers.
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
  // The file with samples to draw curves from: a summary file (cycles, no samples) has none.
  const withSamples = withCycles.filter((f) => f.points > 0);
  const first = withSamples[0];
  const chosen = first ? defaultCycles(cycles, first.id) : [];
  const sized = unitFor(cycles.flatMap((c) => [c.chargeCapacityAh, c.dischargeCapacityAh]));
  return (
    <section
      aria-labelledby="plots-heading"
      id="plots"
      data-experiment-id={String(experiment.id)}
      data-active-mass-mg={experiment.activeMassMg === null ? '' : String(experiment.activeMassMg)}
      data-files={JSON.stringify(withSamples.map((f) => f.id))}
      data-capacity-unit={sized}
    >
      <div class="section-head">
        <h2 id="plots-heading">Plots</h2>
        <div class="field inline-field">
          <label for="capacity-unit">Capacity in</label>
          <select id="capacity-unit">
            <option value="mah" selected={sized === 'mah'}>
              mAh
            </option>
            <option value="ah" selected={sized === 'ah'}>
              Ah
            </option>
            {experiment.activeMassMg !== null ? <option value="mahg">mAh/g</option> : null}
            <option value="normalised">normalised to cycle 1</option>
          </select>
        </div>
      </div>
      <noscript>
        <p>The plots need JavaScript; the cycle table below has the same numbers.</p>
      </noscript>
      <div class="plot-grid">
        <div class="plot-panel">
          <h3>Capacity and coulombic efficiency vs cycle</h3>
          <div class="plot-controls">
            <FileSelect
              id="capacity-file"
              files={withCycles}
              label="Cycles of"
              all="every file, in upload order"
            />
          </div>
          <Plot
            id="plot-capacity"
            label="Charge and discharge capacity and coulombic efficiency for each cycle"
          />
        </div>
        {withSamples.length ? (
          <div class="plot-panel">
            <h3>Voltage and current vs time</h3>
            <div class="plot-controls">
              <FileSelect id="time-file" files={withSamples} label="File" />
              <p class="hint">
                Drag across the plot to zoom in (finer samples are fetched); double-click to zoom out.
              </p>
            </div>
            <Plot id="plot-time" label="Voltage and current over time" />
          </div>
        ) : null}
      </div>
      {withSamples.length ? (
        <>
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
            <FileSelect id="cycle-file" files={withSamples} label="File" />
            <button type="submit">Show</button>
            <p class="hint" id="chosen-cycles-hint">
              Up to 8 cycle numbers, separated by commas.
            </p>
          </form>
          <div class="plot-grid">
            <div class="plot-panel">
              <h3>Voltage vs capacity</h3>
              <Plot id="plot-voltage" label="Voltage against capacity for the chosen cycles" legend />
            </div>
            <div class="plot-panel">
              <h3>Differential capacity dQ/dV</h3>
              <Plot
                id="plot-dqdv"
                label="Differential capacity against voltage for the chosen cycles"
                legend
              />
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
