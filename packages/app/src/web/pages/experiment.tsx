import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { Page } from '../layout/page.tsx';
import { StatusBadge } from './experiment-bits.tsx';
import { DateTime, formatNumber } from './format.tsx';
import { PlotPanels } from './plot-panels.tsx';
import { CellsTable } from './cells-table.tsx';
import { CycleTables } from './cycle-table.tsx';
import { Files, Imports } from './experiment-data.tsx';
import { type ExperimentPageProps, may } from './experiment-page-props.ts';
import { OpenDataPanel } from '../datasets/open-data-panel.tsx';
import { Actions, Publication } from './experiment-actions.tsx';
import { CitationSection } from './citation-section.tsx';
import { emptyCitation } from '../../datasets/citation/citation-metadata.ts';

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
        {props.requests
          ?.filter((r) => r.status === 'pending')
          .map((r) => (
            <a key={r.id} href="#publication-heading" class="badge badge-pending">
              {r.kind} requested
            </a>
          ))}
      </div>
      <Actions {...props} />
      <Metadata experiment={e} />
      <CitationSection
        experimentId={e.id}
        citation={e.citation ?? emptyCitation()}
        mayChange={may(props, 'change_experiment')}
      />
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
      {props.dataset ? (
        <OpenDataPanel
          ctx={ctx}
          experimentId={e.id}
          isPublic={e.status === 'public'}
          status={props.dataset}
        />
      ) : null}
      <CycleTables cells={props.cells} cycles={props.cycles} />
    </Page>
  );
}
