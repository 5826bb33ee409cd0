/**
 * The Export menu (issue 21): links to the API's downloads, so a page export and a script's are
 * the same bytes under the same decision. A `<details>` disclosure: it opens without JavaScript.
 */

interface ExportFile {
  id: number;
  fileName: string;
}

const cyclesUrl = (experimentId: number, format: string, fileId?: number) =>
  `/api/experiments/${experimentId}/cycles?format=${format}${fileId === undefined ? '' : `&fileId=${fileId}`}`;
const seriesUrl = (experimentId: number, format: string, fileId?: number) =>
  `/api/experiments/${experimentId}/export?format=${format}${fileId === undefined ? '' : `&fileId=${fileId}`}`;

/** "Per-cycle table CSV Excel Parquet": what, then a link per format. */
function Links({ what, links }: { what: string; links: [label: string, href: string][] }) {
  return (
    <>
      <span class="export-what">{what}</span>
      {links.map(([label, href]) => (
        <>
          {' '}
          <a href={href} download>
            {label}
          </a>
        </>
      ))}
    </>
  );
}

const tableLinks = (experimentId: number, fileId?: number): [string, string][] => [
  ['CSV', cyclesUrl(experimentId, 'csv', fileId)],
  ['Excel', cyclesUrl(experimentId, 'xlsx', fileId)],
  ['Parquet', cyclesUrl(experimentId, 'parquet', fileId)],
];

function Downloads({ experimentId, fileId }: { experimentId: number; fileId?: number }) {
  const series: [string, string][] = [
    ['CSV', seriesUrl(experimentId, 'csv', fileId)],
    ['Parquet', seriesUrl(experimentId, 'parquet', fileId)],
  ];
  // JSON is one document of everything: offered for the whole experiment only.
  if (fileId === undefined) series.push(['JSON', seriesUrl(experimentId, 'json')]);
  return (
    <>
      <Links what="Per-cycle table" links={tableLinks(experimentId, fileId)} />{' '}
      <Links what="Time series" links={series} />
    </>
  );
}

/** One experiment's downloads: all of its data, and each file's on its own. */
export function ExportMenu({ experimentId, files }: { experimentId: number; files: readonly ExportFile[] }) {
  return (
    <details class="export-menu">
      <summary class="button">Export</summary>
      <ul>
        <li>
          <strong>All data</strong>
          <Downloads experimentId={experimentId} />
        </li>
        {files.length > 1
          ? files.map((f) => (
              <li key={f.id}>
                <strong>{f.fileName}</strong>
                <Downloads experimentId={experimentId} fileId={f.id} />
              </li>
            ))
          : null}
      </ul>
    </details>
  );
}

/**
 * The compare page's menu: the compared cells' per-cycle table as one CSV (issue 20), then each
 * compared experiment's own tables.
 */
export function CompareExportMenu({
  experiments,
}: {
  experiments: readonly { id: number; title: string }[];
}) {
  const ids = experiments.map((e) => `id=${e.id}`).join('&');
  return (
    <details class="export-menu">
      <summary class="button">Export</summary>
      <ul>
        <li>
          <strong>The compared cells</strong>
          <Links what="Per-cycle table" links={[['CSV', `/api/compare/cycles?${ids}&format=csv`]]} />
        </li>
        {experiments.map((e) => (
          <li key={e.id}>
            <strong>{e.title}</strong>
            <Links what="Per-cycle table" links={tableLinks(e.id)} />
          </li>
        ))}
      </ul>
    </details>
  );
}
