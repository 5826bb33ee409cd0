import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import type { ImportItem } from '../../imports/import-records.ts';
import type { CycleItem } from '../../measurements/find-cycles.ts';
import type { DataFileItem } from '../../measurements/data-files.ts';
import type { PublicationRequest } from '../../publication/publication-request.ts';
import { CsrfField, TextArea } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { Capacity, inUnit, specificCapacity, StatusBadge, unitFactor, unitFor } from './experiment-bits.tsx';
import { DateTime, decimalsFor, formatBytes, formatFixed, formatNumber } from './format.tsx';
import { PlotPanels } from './plot-panels.tsx';

export interface ExperimentPageProps {
  ctx: PageContext;
  experiment: ExperimentJson;
  permissions: ReadonlySet<string>;
  files: DataFileItem[];
  imports: ImportItem[];
  cycles: CycleItem[];
  /** Null when the viewer does not follow this experiment's publication. */
  requests: PublicationRequest[] | null;
  maxUploadBytes: number;
}

/** Rows of the cycle table on the page; the export has them all. */
const CYCLE_ROWS = 500;

const may = (props: ExperimentPageProps, perm: string) => props.permissions.has(`batterydb.${perm}`);

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
      <a class="button" href={`/api/experiments/${e.id}/export?format=csv`}>
        Export CSV
      </a>
      <a class="button" href={`/api/experiments/${e.id}/export?format=json`}>
        Export JSON
      </a>
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

function Files(props: ExperimentPageProps) {
  const { experiment: e, files } = props;
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {files.length === 0 ? (
        <p>No cycler file yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption class="visually-hidden">Uploaded cycler files</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Format</th>
                <th scope="col" class="num">
                  Size
                </th>
                <th scope="col" class="num">
                  Samples
                </th>
                <th scope="col" class="num">
                  Cycles
                </th>
                <th scope="col" class="hide-narrow">
                  Capacities
                </th>
                <th scope="col" class="hide-narrow">
                  Uploaded
                </th>
                {may(props, 'change_experiment') ? (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.id}>
                  <td class="file-name title-cell">
                    <a href={`/api/experiments/${e.id}/files/${f.id}`} download>
                      {f.fileName}
                    </a>
                  </td>
                  <td data-label="Format">{f.format}</td>
                  <td class="num" data-label="Size">
                    {formatBytes(f.sizeBytes)}
                  </td>
                  <td class="num" data-label="Samples">
                    {f.points.toLocaleString('en')}
                  </td>
                  <td class="num" data-label="Cycles">
                    {f.cycles}
                  </td>
                  <td class="hide-narrow" data-label="Capacities">
                    {f.capacitySource === 'cycler'
                      ? 'from the cycler'
                      : f.capacitySource === 'integrated'
                        ? 'integrated from current'
                        : '—'}
                  </td>
                  <td class="hide-narrow" data-label="Uploaded">
                    <DateTime value={f.createdAt} />
                  </td>
                  {may(props, 'change_experiment') ? (
                    <td>
                      <a
                        class="button small"
                        href={`/experiments/${e.id}/files/${f.id}/delete`}
                        aria-label={`Delete ${f.fileName}`}
                      >
                        Delete…
                      </a>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {may(props, 'change_experiment') ? <Upload {...props} /> : null}
    </section>
  );
}

function Upload({ experiment: e, maxUploadBytes }: ExperimentPageProps) {
  return (
    <div id="upload" data-experiment-id={String(e.id)} data-max-bytes={String(maxUploadBytes)}>
      <h3>Upload cycler files</h3>
      <div class="dropzone" id="dropzone">
        <p>
          Drop files here, or <label for="upload-input">choose files</label>:
        </p>
        <input id="upload-input" type="file" multiple aria-describedby="upload-hint" />
        <p class="hint" id="upload-hint">
          Arbin (.csv, .xlsx), Maccor, BioLogic (.mpt, .mpr), Neware (.csv, .xls, .nda, .ndax), LANHE (.xlsx),
          Battery Data Format and batterydata.energy.gov files; the format is detected from the content. Up to{' '}
          {formatBytes(maxUploadBytes)} each.
        </p>
        <noscript>
          <p>Uploading from this page needs JavaScript; scripts can upload through the API.</p>
        </noscript>
      </div>
      <ul class="upload-list" id="upload-list" aria-live="polite" />
    </div>
  );
}

function importState(i: ImportItem): string {
  if (i.status === 'failed' && i.error) {
    const where = [
      i.error.line !== null ? `line ${i.error.line}` : '',
      i.error.column ? `column ${i.error.column}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return where ? `${i.error.detail} (${where})` : i.error.detail;
  }
  if (i.status === 'done')
    return `${i.points.toLocaleString('en')} samples, ${i.cycles} cycle${i.cycles === 1 ? '' : 's'}${i.capacitySource === 'integrated' ? ' (capacities integrated from current)' : ''}`;
  return `${i.rows.toLocaleString('en')} rows read`;
}

function ImportActions({
  ctx,
  experimentId,
  item,
}: {
  ctx: PageContext;
  experimentId: number;
  item: ImportItem;
}) {
  if (item.status !== 'failed') return null;
  const action = (what: 'retry' | 'delete', label: string, extra = '') => (
    <form
      method="post"
      action={`/experiments/${experimentId}/imports/${item.id}/${what}`}
      class="inline-form"
    >
      <CsrfField token={ctx.csrfToken} />
      <button type="submit" class={`small ${extra}`} aria-label={`${label} the import of ${item.fileName}`}>
        {label}
      </button>
    </form>
  );
  return (
    <>
      {item.retryable ? action('retry', 'Retry') : null}
      {action('delete', 'Delete', 'danger')}
    </>
  );
}

function Imports({
  ctx,
  experimentId,
  imports,
  mayChange,
}: {
  ctx: PageContext;
  experimentId: number;
  imports: ImportItem[];
  mayChange: boolean;
}) {
  if (imports.length === 0) return null;
  return (
    <section aria-labelledby="imports-heading">
      <h2 id="imports-heading">Imports</h2>
      <div class="table-wrap">
        <table class="cards">
          <caption class="visually-hidden">Recent imports, newest first</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Format</th>
              <th scope="col">Result</th>
              <th scope="col" class="hide-narrow">
                Started
              </th>
              {mayChange ? (
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {imports.map((i) => (
              <tr key={i.id} data-import-id={String(i.id)} data-import-status={i.status}>
                <td class="file-name title-cell">{i.fileName}</td>
                <td data-field="status" data-label="Status">
                  {i.status === 'failed' ? <StatusBadge status="failed" /> : i.status}
                </td>
                <td data-field="format" data-label="Format">
                  {i.format ?? '—'}
                </td>
                <td data-field="result">{importState(i)}</td>
                <td class="hide-narrow" data-label="Started">
                  <DateTime value={i.createdAt} />
                </td>
                {mayChange ? (
                  <td>
                    <ImportActions ctx={ctx} experimentId={experimentId} item={i} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
