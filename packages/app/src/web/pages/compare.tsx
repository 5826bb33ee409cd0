import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import type { CycleItem } from '../../measurements/find-cycles.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { Capacity, StatusBadge } from './experiment-bits.tsx';
import { formatFixed } from './format.tsx';
import { CompareExportMenu } from './export-menu.tsx';

export const MAX_COMPARED = 8;

export interface Compared {
  experiment: ExperimentJson;
  cycles: CycleItem[];
}

function retention(cycles: CycleItem[]): string {
  const discharging = cycles.filter((c) => c.dischargeCapacityAh > 0);
  const first = discharging[0];
  const last = discharging.at(-1);
  if (!first || !last || discharging.length < 2) return '—';
  return `${formatFixed((last.dischargeCapacityAh / first.dischargeCapacityAh) * 100, 1)} %`;
}

/** Several experiments side by side: a table that reads without JavaScript, and the overlay plot. */
export function ComparePage({ ctx, compared }: { ctx: PageContext; compared: Compared[] }) {
  return (
    <Page ctx={ctx} title="Compare experiments" plots scripts={['compare.js']}>
      <p>
        <a href="/experiments">← Experiments</a>
      </p>
      <h1>Compare experiments</h1>
      <div class="actions">
        <CompareExportMenu experiments={compared.map((c) => c.experiment)} />
      </div>
      <div class="table-wrap panel" tabIndex={0}>
        <table>
          <caption class="visually-hidden">The experiments compared</caption>
          <thead>
            <tr>
              <th scope="col">Experiment</th>
              <th scope="col">Status</th>
              <th scope="col">Chemistry</th>
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
                Retention
              </th>
            </tr>
          </thead>
          <tbody>
            {compared.map(({ experiment: e, cycles }) => {
              const discharging = cycles.filter((c) => c.dischargeCapacityAh > 0);
              return (
                <tr key={e.id}>
                  <td>
                    <a href={`/experiments/${e.id}`}>{e.title}</a>
                  </td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>{e.chemistry || '—'}</td>
                  <td class="num">{cycles.length}</td>
                  <td class="num">
                    <Capacity ah={discharging[0]?.dischargeCapacityAh ?? null} experiment={e} />
                  </td>
                  <td class="num">
                    <Capacity ah={discharging.at(-1)?.dischargeCapacityAh ?? null} experiment={e} />
                  </td>
                  <td class="num">{retention(cycles)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section
        id="compare"
        aria-labelledby="compare-heading"
        data-experiments={JSON.stringify(
          compared.map((c) => ({
            id: c.experiment.id,
            title: c.experiment.title,
            activeMassMg: c.experiment.activeMassMg,
          })),
        )}
      >
        <h2 id="compare-heading">Discharge capacity vs cycle</h2>
        <noscript>
          <p>The overlay needs JavaScript; the table above has the figures.</p>
        </noscript>
        <div class="plot-controls">
          <div class="field">
            <label for="compare-unit">Show</label>
            <select id="compare-unit">
              <option value="normalised">normalised to the first discharge</option>
              <option value="mah">capacity (mAh)</option>
              <option value="ah">capacity (Ah)</option>
              {compared.every((c) => c.experiment.activeMassMg !== null) ? (
                <option value="mahg">specific capacity (mAh/g)</option>
              ) : null}
            </select>
          </div>
        </div>
        <div
          class="plot"
          id="plot-compare"
          role="img"
          aria-label="Discharge capacity of each experiment for each cycle"
        />
        <p class="plot-status" id="plot-compare-status" aria-live="polite" />
      </section>
    </Page>
  );
}
