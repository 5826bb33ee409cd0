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
export function allowedActions(permissions: readonly string[]): string[] {
  return permissions.map((p) => ACTION_WORDS[p]).filter((w): w is string => w !== undefined);
}

/** What the viewer may do with one experiment of a list, as small badges. */
export function MayDo({ permissions }: { permissions: readonly string[] }) {
  const actions = allowedActions(permissions);
  return (
    <p class="may-do">
      <span class="visually-hidden">You may: </span>
      {actions.map((a) => (
        <span key={a} class={`chip chip-${a}`}>
          {a}
        </span>
      ))}
    </p>
  );
}

export type CapacityUnit = 'mah' | 'ah';

/**
 * Coin cells hold a few mAh, 18650s and pouches a few Ah: the unit that reads well for the
 * largest of these values (so a cell is never "0.004 Ah", nor a column mixed).
 */
export function unitFor(values: readonly number[]): CapacityUnit {
  return Math.max(0, ...values.map(Math.abs)) < 1 ? 'mah' : 'ah';
}

/** A value in Ah or Wh, written in the unit given (m… below 1). */
export function inUnit(value: number, unit: CapacityUnit, base: 'Ah' | 'Wh'): string {
  return unit === 'mah' ? `${formatNumber(value * 1000, 4)} m${base}` : `${formatNumber(value, 4)} ${base}`;
}

/**
 * Capacity in mAh or Ah (`unit`; by its own magnitude when not given), and as mAh/g when the
 * active mass is recorded (SPEC §6).
 */
export function Capacity({
  ah,
  experiment,
  unit,
}: {
  ah: number | null;
  experiment: Pick<ExperimentJson, 'activeMassMg'>;
  unit?: CapacityUnit;
}) {
  if (ah === null) return <span class="muted">—</span>;
  const specific = experiment.activeMassMg ? (ah * 1000) / (experiment.activeMassMg / 1000) : null;
  return (
    <>
      {inUnit(ah, unit ?? unitFor([ah]), 'Ah')}
      {specific !== null ? <span class="muted"> · {formatNumber(specific, 4)} mAh/g</span> : null}
    </>
  );
}
