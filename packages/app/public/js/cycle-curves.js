// @ts-check
/**
 * Voltage–capacity curves of single cycles and their differential capacity (dQ/dV), from the
 * samples the API returns (already downsampled on the server).
 */

/** @typedef {{ x: number[], y: number[] }} Curve */

/**
 * Splits one cycle's samples into its charge and discharge curves (voltage against the
 * cycler's charge or discharge capacity), each sorted by capacity.
 * @param {Record<string, (number | null)[]>} columns currentA, voltageV, chargeCapacityAh, dischargeCapacityAh
 * @param {number} factor capacity unit factor (1 for Ah)
 * @returns {{ charge: Curve, discharge: Curve }}
 */
export function splitCycle(columns, factor) {
  const current = columns.currentA ?? [];
  const voltage = columns.voltageV ?? [];
  const charge = columns.chargeCapacityAh ?? [];
  const discharge = columns.dischargeCapacityAh ?? [];
  /** @type {[number, number][]} */
  const up = [];
  /** @type {[number, number][]} */
  const down = [];
  for (let i = 0; i < voltage.length; i++) {
    const v = voltage[i];
    const a = current[i];
    if (v === null || v === undefined || a === null || a === undefined) continue;
    const q = a > 0 ? charge[i] : a < 0 ? discharge[i] : null;
    if (q === null || q === undefined) continue;
    (a > 0 ? up : down).push([q * factor, v]);
  }
  const curve = (/** @type {[number, number][]} */ pairs) => {
    pairs.sort((p, q) => p[0] - q[0]);
    return { x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]) };
  };
  return { charge: curve(up), discharge: curve(down) };
}

/**
 * dQ/dV of one curve: the voltage range in `bins` equal steps, the capacity gained within each
 * step divided by the step (positive on charge, negative on discharge by convention).
 * @param {Curve} curve capacity (x) against voltage (y)
 * @param {-1 | 1} sign
 * @param {number} [bins]
 * @returns {Curve} dQ/dV (y) against voltage (x), ascending
 */
export function differentialCapacity(curve, sign, bins = 80) {
  if (curve.x.length < 3) return { x: [], y: [] };
  let low = Infinity;
  let high = -Infinity;
  for (const v of curve.y) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const width = (high - low) / bins;
  if (!(width > 0)) return { x: [], y: [] };
  const min = new Array(bins).fill(Infinity);
  const max = new Array(bins).fill(-Infinity);
  for (let i = 0; i < curve.x.length; i++) {
    const bin = Math.min(bins - 1, Math.floor(((curve.y[i] ?? low) - low) / width));
    const q = curve.x[i] ?? 0;
    if (q < min[bin]) min[bin] = q;
    if (q > max[bin]) max[bin] = q;
  }
  /** @type {Curve} */
  const out = { x: [], y: [] };
  for (let b = 0; b < bins; b++) {
    if (!Number.isFinite(min[b])) continue;
    out.x.push(low + (b + 0.5) * width);
    out.y.push((sign * (max[b] - min[b])) / width);
  }
  return out;
}
