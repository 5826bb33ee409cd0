import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { formatNumber } from './format.tsx';

export function StatusBadge({
  status,
}: {
  status: 'private' | 'public' | 'pending' | 'approved' | 'declined' | 'failed';
}) {
  const kind = status === 'approved' ? 'public' : status === 'declined' ? 'failed' : status;
  return <span class={`badge badge-${kind}`}>{status}</span>;
}

const ACTION_WORDS: Record<string, string> = {
  'batterydb.view_experiment': 'view',
  'batterydb.change_experiment': 'edit',
  'batterydb.delete_experiment': 'delete',
  'batterydb.change_experiment_status': 'publish',
};

/** What the viewer may do, in words (from the list's `include=permissions`). */
export function allowedActions(permissions: readonly string[]): string {
  return permissions
    .map((p) => ACTION_WORDS[p])
    .filter(Boolean)
    .join(', ');
}

/** Capacity in Ah, and as mAh/g when the active mass is recorded (SPEC §6). */
export function Capacity({
  ah,
  experiment,
}: {
  ah: number | null;
  experiment: Pick<ExperimentJson, 'activeMassMg'>;
}) {
  if (ah === null) return <span class="muted">—</span>;
  const specific = experiment.activeMassMg ? (ah * 1000) / (experiment.activeMassMg / 1000) : null;
  // Coin cells hold a few mAh: below 1 Ah the figure reads better in mAh.
  return (
    <>
      {Math.abs(ah) < 1 ? `${formatNumber(ah * 1000, 4)} mAh` : `${formatNumber(ah, 4)} Ah`}
      {specific !== null ? <span class="muted"> · {formatNumber(specific, 4)} mAh/g</span> : null}
    </>
  );
}
