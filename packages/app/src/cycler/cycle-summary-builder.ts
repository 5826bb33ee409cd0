import type { CapacitySource, CycleSummary, CyclerPoint } from './cycler-types.ts';

interface CycleTotals {
  firstTimeS: number;
  lastTimeS: number;
  /** Largest within-cycle counter value seen; null while the source gave none. */
  chargeAh: number | null;
  dischargeAh: number | null;
  chargeWh: number | null;
  dischargeWh: number | null;
  /** Integrals of current and power, used where the source has no counters. */
  integratedChargeAh: number;
  integratedDischargeAh: number;
  integratedChargeWh: number;
  integratedDischargeWh: number;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (b === null) return a;
  return a === null || b > a ? b : a;
}

/**
 * Per-cycle totals computed incrementally from normalised points: feed batches with `add`, then
 * `finish`. Memory is one small record per cycle, whatever the number of points.
 *
 * A cycle's capacity is the largest value its within-cycle counter reaches (importers have already
 * summed per-step counters, see WithinCycleCounter). Where a file has no counters, current and
 * power are integrated over time (trapezoids between consecutive points of the same cycle), so a
 * generic time/current/voltage file still gets capacities and energies.
 *
 * @example
 *   const builder = new CycleSummaryBuilder();
 *   for await (const batch of parsed.batches) builder.add(batch);
 *   const cycles = builder.finish(); // [{ cycle: 1, dischargeCapacityAh: 1.0724, … }]
 */
export class CycleSummaryBuilder {
  readonly #cycles = new Map<number, CycleTotals>();
  #previous: CyclerPoint | null = null;

  add(points: readonly CyclerPoint[]): void {
    for (const point of points) this.#addOne(point);
  }

  /**
   * 'cycler' when the capacities come from the file's own counters (in any cycle), 'integrated'
   * when every cycle's capacity had to be integrated from current (SPEC §6).
   */
  get capacitySource(): CapacitySource {
    for (const t of this.#cycles.values()) if (t.chargeAh !== null || t.dischargeAh !== null) return 'cycler';
    return 'integrated';
  }

  finish(): CycleSummary[] {
    return [...this.#cycles.entries()]
      .sort(([a], [b]) => a - b)
      .map(([cycle, t]) => {
        const chargeCapacityAh = t.chargeAh ?? t.integratedChargeAh;
        const dischargeCapacityAh = t.dischargeAh ?? t.integratedDischargeAh;
        return {
          cycle,
          chargeCapacityAh,
          dischargeCapacityAh,
          coulombicEfficiency: chargeCapacityAh > 0 ? dischargeCapacityAh / chargeCapacityAh : null,
          chargeEnergyWh: t.chargeWh ?? t.integratedChargeWh,
          dischargeEnergyWh: t.dischargeWh ?? t.integratedDischargeWh,
          durationS: t.lastTimeS - t.firstTimeS,
        };
      });
  }

  #addOne(point: CyclerPoint): void {
    let totals = this.#cycles.get(point.cycle);
    if (totals === undefined) {
      totals = {
        firstTimeS: point.timeS,
        lastTimeS: point.timeS,
        chargeAh: null,
        dischargeAh: null,
        chargeWh: null,
        dischargeWh: null,
        integratedChargeAh: 0,
        integratedDischargeAh: 0,
        integratedChargeWh: 0,
        integratedDischargeWh: 0,
      };
      this.#cycles.set(point.cycle, totals);
    }
    totals.firstTimeS = Math.min(totals.firstTimeS, point.timeS);
    totals.lastTimeS = Math.max(totals.lastTimeS, point.timeS);
    totals.chargeAh = maxOrNull(totals.chargeAh, point.chargeCapacityAh);
    totals.dischargeAh = maxOrNull(totals.dischargeAh, point.dischargeCapacityAh);
    totals.chargeWh = maxOrNull(totals.chargeWh, point.chargeEnergyWh);
    totals.dischargeWh = maxOrNull(totals.dischargeWh, point.dischargeEnergyWh);

    const previous = this.#previous;
    this.#previous = point;
    if (previous === null || previous.cycle !== point.cycle) return;
    const hours = (point.timeS - previous.timeS) / 3600;
    if (!(hours > 0)) return;
    const amps = (point.currentA + previous.currentA) / 2;
    const watts = (point.currentA * point.voltageV + previous.currentA * previous.voltageV) / 2;
    if (amps > 0) totals.integratedChargeAh += amps * hours;
    if (amps < 0) totals.integratedDischargeAh -= amps * hours;
    if (watts > 0) totals.integratedChargeWh += watts * hours;
    if (watts < 0) totals.integratedDischargeWh -= watts * hours;
  }
}
