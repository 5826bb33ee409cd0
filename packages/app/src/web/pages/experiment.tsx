import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import type { CycleItem } from '../../measurements/find-cycles.ts';
import type { DataFileItem } from '../../measurements/data-files.ts';
import { CsrfField, TextArea } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import { Capacity, inUnit, specificCapacity, StatusBadge, unitFactor, unitFor } from './experiment-bits.tsx';
import { DateTime, decimalsFor, formatFixed, formatNumber } from './format.tsx';
import { PlotPanels } from './plot-panels.tsx';
import { Files, Imports } from './experiment-data.tsx';
import { type ExperimentPageProps, may } from './experiment-page-props.ts';
import { ExportMenu } from './export-menu.tsx';

export type { ExperimentPageProps } from './experiment-page-props.ts';

/** Rows of the cycle table on the page; the export has them all. */
const CYCLE_ROWS = 500;

function Metadata({ experiment: e }: { experiment: ExperimentJson }) {
  const rows: [string, string][] = [
    ['Chemistry', e.chemistry],
    ['Cathode', e.cathodeMaterial],
    ['Anode', e.anodeMaterial],
    ['Cell format', e.cellFormat],
    ['Nominal capacity', e.nominalCapacityMah === null ? '' : `${formatNumber(e.nominalCapacityMah, 6)} mAh`],
    ['Active mass', e.activeMassMg === null ? '' : `${formatNumber(e.activeMassMg, 6)} mg`],
    ['Temperature', e.temperatureC === null ? '' : `${e.temperatureC} °C`],
    ['Cycler', e.cycler],
    ['Start date', e.startDate ?? ''],
    ['Owner', e.owner.username],
  ];
  return (
    <section aria-labelledby="meta-heading">
      <h2 id="meta-heading">Details</h2>
      <dl class="meta">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value === '' ? <span class="muted">—</span> : value}</dd>
          </div>
        ))}
        <div>
          <dt>Created</dt>
          <dd>
            <DateTime value={e.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <DateTime value={e.updatedAt} />
          </dd>
        </div>
        {e.tags.length ? (
          <div>
            <dt>Tags</dt>
            <dd>
              <ul class="tags">
                {e.tags.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      {e.description ? <p class="description">{e.description}</p> : null}
    </section>
  );
}

function Actions(props: ExperimentPageProps) {
  const { ctx, experiment: e } = props;
  const nextStatus = e.status === 'public' ? 'private' : 'public';
  return (
    <div class="actions">
      {may(props, 'change_experiment') ? (
        <>
          <a class="button" href={`/experiments/${e.id}/edit`}>
            Edit
          </a>
          <a class="button" href={`/experiments/${e.id}/share`}>
            Share
          </a>
        </>
      ) : null}
      {may(props, 'change_experiment_status') ? (
        <form method="post" action={`/experiments/${e.id}/status`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="status" value={nextStatus} />
          <button type="submit" class={nextStatus === 'public' ? 'primary' : ''}>
            {nextStatus === 'public' ? 'Publish' : 'Unpublish'}
          </button>
        </form>
      ) : null}
      <ExportMenu experimentId={e.id} files={props.files} />
      {may(props, 'delete_experiment') ? (
        <a class="button" href={`/experiments/${e.id}/delete`}>
          Delete…
        </a>
      ) : null}
    </div>
  );
}

function Publication(props: ExperimentPageProps) {
  const { ctx, experiment: e, requests } = props;
  if (requests === null) return null;
  const pending = requests.some((r) => r.status === 'pending');
  const canAsk = may(props, 'change_experiment') && e.status === 'private' && !pending;
  if (!canAsk && requests.length === 0) return null;
  return (
    <section aria-labelledby="publication-heading">
      <h2 id="publication-heading">Publication</h2>
      {requests.length ? (
        <ul class="stack">
          {requests.map((r) => (
            <li key={r.id}>
              <StatusBadge status={r.status} /> Asked by {r.requestedBy ?? 'a deleted user'} on{' '}
              <DateTime value={r.createdAt} />
              {r.note ? <> — “{r.note}”</> : null}
              {r.status !== 'pending' ? (
                <div>
                  {r.status === 'approved' ? 'Approved' : 'Declined'} by {r.decidedBy ?? 'a deleted user'}
                  {r.decidedAt ? (
                    <>
                      {' '}
                      on <DateTime value={r.decidedAt} />
                    </>
                  ) : null}
                  {r.decisionNote ? <> — “{r.decisionNote}”</> : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canAsk ? (
        <form method="post" action={`/experiments/${e.id}/publication-request`} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <TextArea
            name="note"
            label="Ask a Maintainer to publish it"
            hint="Optional note for the reviewer, e.g. what the data shows and where it was published."
            rows={3}
            maxLength={2000}
            idPrefix="publication"
          />
          <button type="submit">Ask for publication</button>
        </form>
      ) : null}
    </section>
  );
}

function Cycles({
  experiment,
  cycles,
  files,
}: {
  experiment: ExperimentJson;
  cycles: CycleItem[];
  files: DataFileItem[];
}) {
  if (cycles.length === 0) return null;
  const fileName = new Map(files.map((f) => [f.id, f.fileName]));
  const several = files.length > 1;
  const shown = cycles.slice(0, CYCLE_ROWS);
  // One unit per column, by the experiment's largest value.
  const unit = unitFor(cycles.flatMap((c) => [c.chargeCapacityAh, c.dischargeCapacityAh]));
  const energyUnit = unitFor(cycles.map((c) => c.dischargeEnergyWh));
  const capacities = shown.flatMap((c) => [c.chargeCapacityAh, c.dischargeCapacityAh]);
  const decimals = {
    value: decimalsFor(capacities.map((ah) => ah * unitFactor(unit))),
    specific: decimalsFor(capacities.map((ah) => specificCapacity(ah, experiment.activeMassMg))),
  };
  const energyDecimals = decimalsFor(shown.map((c) => c.dischargeEnergyWh * unitFactor(energyUnit)));
  return (
    <section aria-labelledby="cycles-heading">
      <h2 id="cycles-heading">Cycles</h2>
      {cycles.length > CYCLE_ROWS ? (
        <p class="muted">
          The first {CYCLE_ROWS} of {cycles.length} cycles; the export has them all.
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Per-cycle summary</caption>
          <thead>
            <tr>
              {several ? <th scope="col">File</th> : null}
              <th scope="col" class="num">
                Cycle
              </th>
              <th scope="col" class="num">
                Charge capacity
              </th>
              <th scope="col" class="num">
                Discharge capacity
              </th>
              <th scope="col" class="num">
                <span class="hide-narrow">Coulombic efficiency</span>
                <abbr class="narrow-only" title="Coulombic efficiency">
                  CE
                </abbr>
              </th>
              <th scope="col" class="num hide-narrow">
                Discharge energy
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={`${c.fileId}-${c.cycle}`}>
                {several ? <td>{fileName.get(c.fileId) ?? c.fileId}</td> : null}
                <td class="num">{c.cycle}</td>
                <td class="num">
                  <Capacity ah={c.chargeCapacityAh} experiment={experiment} unit={unit} decimals={decimals} />
                </td>
                <td class="num">
                  <Capacity
                    ah={c.dischargeCapacityAh}
                    experiment={experiment}
                    unit={unit}
                    decimals={decimals}
                  />
                </td>
                <td class="num">
                  {c.coulombicEfficiency === null ? '—' : `${formatFixed(c.coulombicEfficiency * 100, 2)} %`}
                </td>
                <td class="num hide-narrow">
                  {inUnit(c.dischargeEnergyWh, energyUnit, 'Wh', energyDecimals)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ExperimentPage(props: ExperimentPageProps) {
  const { ctx, experiment: e } = props;
  const hasCycles = props.cycles.length > 0;
  return (
    <Page
      ctx={ctx}
      title={e.title}
      plots={hasCycles}
      scripts={[
        ...(hasCycles ? ['plots.js'] : []),
        ...(may(props, 'change_experiment') ? ['upload.js'] : []),
        'imports.js',
      ]}
    >
      <div class="page-head">
        <h1>{e.title}</h1>
        <StatusBadge status={e.status} />
        {props.requests?.some((r) => r.status === 'pending') ? (
          <a href="#publication-heading" class="badge badge-pending">
            publication requested
          </a>
        ) : null}
      </div>
      <Actions {...props} />
      <Metadata experiment={e} />
      {hasCycles ? <PlotPanels experiment={e} cycles={props.cycles} files={props.files} /> : null}
      <Files {...props} />
      <Imports
        ctx={ctx}
        experimentId={e.id}
        imports={props.imports}
        mayChange={may(props, 'change_experiment')}
      />
      {/* After the data: a request is asked for once the data is there. */}
      <Publication {...props} />
      <Cycles experiment={e} cycles={props.cycles} files={props.files} />
    </Page>
  );
}
