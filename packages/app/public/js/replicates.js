// @ts-check
/**
 * Replicates (SPEC §6): the mean and sample standard deviation, cycle by cycle, of the cells
 * that have that cycle. Fewer than two cells at a cycle: no band there (a gap, not a guess).
 */

/**
 * @param {(number | null)[][]} columns one column per cell, aligned on the same x
 * @returns {{ mean: (number | null)[], upper: (number | null)[], lower: (number | null)[], counts: number[] }}
 */
export function replicateBand(columns) {
  const length = Math.max(0, ...columns.map((c) => c.length));
  /** @type {(number | null)[]} */ const mean = [];
  /** @type {(number | null)[]} */ const upper = [];
  /** @type {(number | null)[]} */ const lower = [];
  /** @type {number[]} */ const counts = [];
  for (let i = 0; i < length; i++) {
    const values = /** @type {number[]} */ (columns.map((c) => c[i]).filter((v) => typeof v === 'number'));
    counts.push(values.length);
    if (values.length < 2) {
      mean.push(null);
      upper.push(null);
      lower.push(null);
      continue;
    }
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
    mean.push(m);
    upper.push(m + sd);
    lower.push(m - sd);
  }
  return { mean, upper, lower, counts };
}
