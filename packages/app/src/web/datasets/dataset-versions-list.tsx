import type { DatasetVersion } from '../../datasets/dataset-versions.ts';
import { Day } from '../pages/format.tsx';

/** Every version of the dataset, newest first: the one shown marked, withdrawn ones as tombstones. */
export function VersionsList({
  experimentId,
  versions,
  current,
}: {
  experimentId: number;
  versions: readonly DatasetVersion[];
  current: number;
}) {
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <ol class="versions" reversed>
        {versions.map((v) => (
          <li key={v.n} aria-current={v.n === current ? 'page' : undefined}>
            <a href={`/datasets/${experimentId}/v/${v.n}`}>Version {v.n}</a> · released{' '}
            <Day value={v.releasedAt} />
            {v.n === current ? <strong class="badge">this version</strong> : null}
            {v.withdrawn ? (
              <span class="muted">
                {' '}
                · withdrawn <Day value={v.withdrawn.at} />: {v.withdrawn.reason}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
