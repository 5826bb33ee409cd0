/**
 * The experiment page's files, upload and imports: what the data of an experiment came from,
 * and (for those who may change it) adding, retrying and deleting it.
 */
import type { ImportItem } from '../../imports/import-records.ts';
import type { FileVersion } from '../../measurements/file-versions.ts';
import { CsrfField } from '../forms/fields.tsx';
import type { PageContext } from '../page-context.ts';
import { StatusBadge } from './experiment-bits.tsx';
import { DateTime, formatBytes } from './format.tsx';
import { type ExperimentPageProps, may } from './experiment-page-props.ts';

export function Files(props: ExperimentPageProps) {
  const { experiment: e, files } = props;
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {files.length === 0 ? (
        <p>No cycler file yet.</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
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
                    <Versions versions={props.versions.get(f.id) ?? []} />
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

/** A file uploaded again (a growing file): which version is read, and the earlier ones kept. */
function Versions({ versions }: { versions: readonly FileVersion[] }) {
  if (versions.length < 2) return null;
  const [current, ...earlier] = versions;
  return (
    <details class="file-versions">
      <summary>
        version {current!.version}; {earlier.length} earlier
      </summary>
      <ul>
        {earlier.map((v) => (
          <li key={v.id}>
            version {v.version}: <DateTime value={v.createdAt} />, {formatBytes(v.sizeBytes)},{' '}
            {v.points.toLocaleString('en')} samples, {v.cycles} cycle{v.cycles === 1 ? '' : 's'}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Upload({ experiment: e, maxUploadBytes, cells }: ExperimentPageProps) {
  return (
    <div id="upload" data-experiment-id={String(e.id)} data-max-bytes={String(maxUploadBytes)}>
      <h3>Upload cycler files</h3>
      <div class="field inline-field">
        <label for="upload-cell">Into</label>
        <select id="upload-cell">
          <option value="">a new cell for each file, named after it</option>
          {cells.map((c) => (
            <option key={c.id} value={String(c.id)}>
              cell {c.label}, after its {c.files.length} file{c.files.length === 1 ? '' : 's'}
            </option>
          ))}
        </select>
      </div>
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
  // A table in no layout we read is not retried as it is: its columns are mapped first.
  const mappable = item.retryable && item.error?.reason === 'unknown-layout';
  return (
    <>
      {mappable ? (
        <a
          class="button small"
          href={`/experiments/${experimentId}/imports/${item.id}/map`}
          aria-label={`Map the columns of ${item.fileName}`}
        >
          Map columns
        </a>
      ) : item.retryable ? (
        action('retry', 'Retry')
      ) : null}
      {action('delete', 'Delete', 'danger')}
    </>
  );
}

export function Imports({
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
      <div class="table-wrap" tabIndex={0}>
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
