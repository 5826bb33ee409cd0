import type { ExperimentJson } from '../../experiments/experiment-json.ts';
import { formatFixed, formatSignificant } from './format.tsx';

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

/**
 * What the viewer may do with one experiment of a list: in words, and each action that has a
 * page is a link to it ("view" is the title's link; publishing is on the experiment's page).
 */
export function MayDo({
  id,
  title,
  permissions,
}: {
  id: number;
  title: string;
  permissions: readonly string[];
}) {
  const actions = allowedActions(permissions);
  const links: Record<string, string> = {
    edit: `/experiments/${id}/edit`,
    delete: `/experiments/${id}/delete`,
  };
  return (
    <p class="may-do">
      <span class="muted">You may </span>
      {actions.map((a, i) => (
        <span key={a}>
          {i > 0 ? <span class="muted">{i === actions.length - 1 ? ' and ' : ', '}</span> : null}
          {links[a] ? (
            <a href={links[a]} aria-label={`${a === 'edit' ? 'Edit' : 'Delete'} ${title}`}>
              {a}
            </a>
          ) : (
            a
          )}
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

/** The factor from Ah (or Wh) to the unit. */
export const unitFactor = (unit: CapacityUnit): number => (unit === 'mah' ? 1000 : 1);

/**
 * A value in Ah or Wh, written in the unit given (m… below 1): with `decimals` fixed (a table
 * column, see decimalsFor), else four significant digits.
 */
export function inUnit(value: number, unit: CapacityUnit, base: 'Ah' | 'Wh', decimals?: number): string {
  const scaled = value * unitFactor(unit);
  const text = decimals === undefined ? formatSignificant(scaled) : formatFixed(scaled, decimals);
  return `${text} ${unit === 'mah' ? 'm' : ''}${base}`;
}

/** mAh per gram of active material, or null without a recorded mass (SPEC §6). */
export function specificCapacity(ah: number | null, activeMassMg: number | null): number | null {
  return ah === null || !activeMassMg ? null : (ah * 1000) / (activeMassMg / 1000);
}

/**
 * Capacity in mAh or Ah (`unit`; by its own magnitude when not given), and as mAh/g when the
 * active mass is recorded (SPEC §6).
 */
export function Capacity({
  ah,
  experiment,
  unit,
  decimals,
}: {
  ah: number | null;
  experiment: Pick<ExperimentJson, 'activeMassMg'>;
  unit?: CapacityUnit;
  /** Fixed decimals of a table column: of the value in `unit`, and of mAh/g. */
  decimals?: { value: number; specific: number };
}) {
  if (ah === null) return <span class="muted">—</span>;
  const specific = specificCapacity(ah, experiment.activeMassMg);
  return (
    <>
      {inUnit(ah, unit ?? unitFor([ah]), 'Ah', decimals?.value)}
      {specific !== null ? (
        <span class="muted">
          {' '}
          · {decimals ? formatFixed(specific, decimals.specific) : formatSignificant(specific)} mAh/g
        </span>
      ) : null}
    </>
  );
}
