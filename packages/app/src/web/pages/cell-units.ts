import type { CellItem } from '../../cells/cell-json.ts';
import { decimalsFor } from './format.tsx';

/** The unit a cell's capacities show in: mAh/g where its mass is known (SPEC §6), else by size. */
export type CellCapacityUnit = 'mahg' | 'mah' | 'ah';

export const UNIT_LABEL: Record<CellCapacityUnit, string> = { mahg: 'mAh/g', mah: 'mAh', ah: 'Ah' };

/** mAh/g by default where the cell records its active mass; else mAh below 1 Ah, Ah above. */
export function cellUnit(
  cell: Pick<CellItem, 'activeMassMg'>,
  ahValues: readonly number[],
): CellCapacityUnit {
  if (cell.activeMassMg !== null && cell.activeMassMg > 0) return 'mahg';
  return Math.max(0, ...ahValues.map(Math.abs)) < 1 ? 'mah' : 'ah';
}

/** The factor from Ah to the unit. */
export function unitFactorOf(unit: CellCapacityUnit, massMg: number | null): number {
  if (unit === 'mahg') return massMg ? 1e6 / massMg : Number.NaN;
  return unit === 'mah' ? 1000 : 1;
}

/**
 * Decimals for a column: four significant digits for its largest value and at least three for
 * its smallest non-zero one (a faded cell's 0.0123 is never "0.01"), at most 6.
 */
export function columnDecimals(values: readonly number[]): number {
  const nonZero = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (nonZero.length === 0) return 0;
  const smallest = Math.min(...nonZero);
  const forSmallest = Math.max(0, 2 - Math.floor(Math.log10(smallest)));
  return Math.min(6, Math.max(decimalsFor(nonZero), forSmallest));
}
