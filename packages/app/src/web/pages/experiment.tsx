import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { CsrfField, TextArea } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import { StatusBadge } from './experiment-bits.tsx';
import { DateTime, formatNumber } from './format.tsx';
import { PlotPanels } from './plot-panels.tsx';
import { CellsTable } from './cells-table.tsx';
import { CycleTables } from './cycle-table.tsx';
import { Files, Imports } from './experiment-data.tsx';
import { type ExperimentPageProps, may } from './experiment-page-props.ts';
import { ExportMenu } from './export-menu.tsx';

export type { ExperimentPageProps } from './experiment-page-props.ts';

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
      <CellsTable
        ctx={ctx}
        experimentId={e.id}
        cells={props.cells}
        mayChange={may(props, 'change_experiment')}
      />
      {hasCycles ? <PlotPanels experiment={e} cells={props.cells} cycles={props.cycles} /> : null}
      <Files {...props} />
      <Imports
        ctx={ctx}
        experimentId={e.id}
        imports={props.imports}
        mayChange={may(props, 'change_experiment')}
      />
      {/* After the data: a request is asked for once the data is there. */}
      <Publication {...props} />
      <CycleTables cells={props.cells} cycles={props.cycles} />
    </Page>
  );
}
