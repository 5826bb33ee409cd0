import type { CellCycleItem } from '../../cells/cell-cycles.ts';
import type { CellItem } from '../../cells/cell-json.ts';
import type { DatasetVersion } from '../../datasets/dataset-versions.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { CycleTables } from '../pages/cycle-table.tsx';
import { Day, formatBytes } from '../pages/format.tsx';
import { CapacityFigure } from './capacity-figure.tsx';
import { type DatasetRecord, orcidUrl } from '../../datasets/citation/index.ts';
import { type CitationContext, versionRecord } from '../../datasets/version-record.ts';
import { CiteAs, JsonLdScript, jsonLd, LicenceLink } from './dataset-citation.tsx';
import { VersionsList } from './dataset-versions-list.tsx';

export interface LandingProps {
  ctx: PageContext;
  experimentId: number;
  version: DatasetVersion;
  versions: readonly DatasetVersion[];
  cite: CitationContext;
  /** Absolute download URLs of the version's files, in order (for the JSON-LD). */
}

/** The version's cells and cycles in the shapes the experiment page's cycle tables read. */
function asCycleTables(version: DatasetVersion): { cells: CellItem[]; cycles: CellCycleItem[] } {
  const { snapshot } = version;
  const cells = snapshot.cells.map((c) => ({ ...c, createdAt: '', updatedAt: '' }));
  const cycles = snapshot.cycleTables.flatMap((t) =>
    t.cycles.map((c) => ({
      fileId: snapshot.files[c.fileIndex - 1]?.id ?? 0,
      cycle: c.fileCycle,
      label: null,
      chargeCapacityAh: c.chargeAh,
      dischargeCapacityAh: c.dischargeAh,
      coulombicEfficiency: c.coulombicEfficiency,
      chargeEnergyWh: c.chargeWh,
      dischargeEnergyWh: c.dischargeWh,
      durationS: 0,
      cellId: t.cellId,
      cellCycle: c.cycle,
      chargeCapacityMahG: c.chargeMahG,
      dischargeCapacityMahG: c.dischargeMahG,
    })),
  );
  return { cells, cycles };
}

function Metadata({ version }: { version: DatasetVersion }) {
  const e = version.snapshot.experiment;
  const rows: [string, string | null][] = [
    ['Chemistry', e.chemistry],
    ['Cathode', e.cathodeMaterial],
    ['Anode', e.anodeMaterial],
    ['Cell format', e.cellFormat],
    ['Nominal capacity', e.nominalCapacityMah === null ? null : `${e.nominalCapacityMah} mAh`],
    ['Active mass', e.activeMassMg === null ? null : `${e.activeMassMg} mg`],
    ['Temperature', e.temperatureC === null ? null : `${e.temperatureC} °C`],
    ['Cycler', e.cycler],
    ['Started', e.startDate],
    ['Cells', String(version.snapshot.cells.length)],
    ['Keywords', e.tags.join(', ')],
  ];
  return (
    <dl class="meta-list">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function Files({ experimentId, version }: { experimentId: number; version: DatasetVersion }) {
  const base = `/datasets/${experimentId}/v/${version.n}`;
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="files-heading">
        <table class="files-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Cell</th>
              <th scope="col" class="num">
                Size
              </th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {version.snapshot.files.map((f) => (
              <tr key={f.index}>
                <td>
                  <a href={`${base}/files/${f.index}`} download>
                    {f.name}
                  </a>{' '}
                  <span class="muted">{f.format}</span>
                </td>
                <td>{f.cellLabel ?? '—'}</td>
                <td class="num">{formatBytes(f.bytes)}</td>
                <td>
                  <code class="checksum">{f.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`${base}/cycles.csv`} download>
          Per-cycle table (CSV)
        </a>{' '}
        <span class="muted">— every cell's cycles in Ah, Wh and mAh/g, as frozen in this version.</span>
      </p>
    </section>
  );
}

/** The version's creators in order, each with an ORCID link and affiliation when given. */
function Creators({ record }: { record: DatasetRecord }) {
  return (
    <p class="creators">
      {record.citation.creators.map((c, i) => (
        <>
          {i > 0 ? '; ' : null}
          {c.name}
          {c.orcid ? (
            <>
              {' '}
              <a href={orcidUrl(c.orcid)} aria-label={`ORCID iD of ${c.name}`}>
                ORCID {c.orcid}
              </a>
            </>
          ) : null}
          {c.affiliation ? <span class="muted"> ({c.affiliation})</span> : null}
        </>
      ))}
    </p>
  );
}

/**
 * A released version's landing page (issue 26), the page a paper cites: everything on it is
 * the frozen version (never the experiment's live state), readable without JavaScript.
 */
export function DatasetLanding(props: LandingProps) {
  const { ctx, version, experimentId, cite } = props;
  const record = versionRecord(version, cite);
  const e = version.snapshot.experiment;
  const { cells, cycles } = asCycleTables(version);
  const latest = props.versions.find((v) => v.withdrawn === null)?.n;
  return (
    <Page ctx={ctx} title={`${e.title} (version ${version.n})`} styles={['datasets.css']}>
      <article class="dataset">
        <p class="muted dataset-kind">
          Dataset · Version {version.n} · released <Day value={version.releasedAt} />
          {latest !== undefined && latest !== version.n ? (
            <>
              {' '}
              ·{' '}
              <a href={`/datasets/${experimentId}/v/${latest}`}>a newer version (version {latest}) exists</a>
            </>
          ) : null}
        </p>
        <h1>{e.title}</h1>
        <Creators record={record} />
        <p>
          Licence: <LicenceLink id={cite.licence} />
        </p>
        {e.description ? <p class="description">{e.description}</p> : null}
        <Metadata version={version} />
        <CiteAs record={record} />
        <Files experimentId={experimentId} version={version} />
        <section aria-labelledby="capacity-heading">
          <h2 id="capacity-heading">Capacity</h2>
          <CapacityFigure snapshot={version.snapshot} />
        </section>
        <CycleTables cells={cells} cycles={cycles} />
        <VersionsList experimentId={experimentId} versions={props.versions} current={version.n} />
        <JsonLdScript data={jsonLd(record)} />
      </article>
    </Page>
  );
}

/** A withdrawn version: title, version, dates and reason — no data (410 Gone). */
export function DatasetTombstone({
  ctx,
  version,
  experimentId,
  versions,
}: {
  ctx: PageContext;
  version: DatasetVersion;
  experimentId: number;
  versions: readonly DatasetVersion[];
}) {
  const withdrawn = version.withdrawn!;
  return (
    <Page ctx={ctx} title={`${version.snapshot.experiment.title} (version ${version.n}, withdrawn)`}>
      <article class="dataset tombstone">
        <p class="muted">Dataset · Version {version.n} · withdrawn</p>
        <h1>{version.snapshot.experiment.title}</h1>
        <p role="status">
          Version {version.n}, released <Day value={version.releasedAt} />, was withdrawn on{' '}
          <Day value={withdrawn.at} />. Its data is no longer available.
        </p>
        <p>
          <strong>Reason:</strong> {withdrawn.reason}
        </p>
        <VersionsList experimentId={experimentId} versions={versions} current={version.n} />
      </article>
    </Page>
  );
}
