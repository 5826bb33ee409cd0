/**
 * A deterministic synthetic cycler run rendered as Arbin CSV (the layout of SOURCES.md A1, so it
 * goes through the same detection and importer as a real file). For demo data and for tests that
 * must run without the real files. Every cycle is a C/2 constant-current charge (step 1) and
 * discharge (step 2) of `pointsPerHalfCycle` samples each; cycle n (from 1) discharges
 * capacityAh × (1 − fadePerCycle)^(n−1) and charges 0.1 % more (coulombic efficiency 0.999).
 * Voltages follow a simple open-circuit curve plus IR drop plus seeded noise.
 */
export interface SyntheticCyclerOptions {
  cycles: number;
  pointsPerHalfCycle: number;
  capacityAh: number;
  fadePerCycle: number;
  seed: number;
}

const HEADER =
  'Data_Point,Test_Time,Step_Index,Cycle_Index,Current,Voltage,Charge_Capacity,Discharge_Capacity,' +
  'Charge_Energy,Discharge_Energy,Temperature\r\n';
const RESISTANCE_OHM = 0.02;
const COULOMBIC_EFFICIENCY = 0.999;

/** Discharge capacity of cycle `cycle` (from 1), as the generated file will report it. */
export function syntheticDischargeAh(options: SyntheticCyclerOptions, cycle: number): number {
  return Number((options.capacityAh * (1 - options.fadePerCycle) ** (cycle - 1)).toFixed(9));
}

/** Charge capacity of cycle `cycle` (from 1), as the generated file will report it. */
export function syntheticChargeAh(options: SyntheticCyclerOptions, cycle: number): number {
  return Number((syntheticDischargeAh(options, cycle) / COULOMBIC_EFFICIENCY).toFixed(9));
}

/** The whole file as one string; use `syntheticCyclerCsvChunks` for large runs. */
export function syntheticCyclerCsv(options: SyntheticCyclerOptions): string {
  return [...syntheticCyclerCsvChunks(options)].join('');
}

/** The file in chunks of about a thousand rows, so a million-row run never exists as one string. */
export function* syntheticCyclerCsvChunks(options: SyntheticCyclerOptions): Generator<string> {
  const random = mulberry32(options.seed);
  const currentA = options.capacityAh / 2;
  let point = 0;
  let timeS = 0;
  let chunk = HEADER;
  for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
    const halves = [
      { step: 1, sign: 1, capacity: syntheticChargeAh(options, cycle) },
      { step: 2, sign: -1, capacity: syntheticDischargeAh(options, cycle) },
    ];
    for (const { step, sign, capacity } of halves) {
      const n = options.pointsPerHalfCycle;
      const dt = ((capacity / currentA) * 3600) / n;
      let energy = 0;
      for (let k = 1; k <= n; k += 1) {
        point += 1;
        timeS += dt;
        const q = (capacity * k) / n;
        // State of charge relative to this cycle's capacity: rises on charge, falls on discharge.
        const soc = sign > 0 ? k / n : 1 - k / n;
        const voltage = ocv(soc) + sign * currentA * RESISTANCE_OHM + (random() - 0.5) * 0.002;
        energy += (voltage * currentA * dt) / 3600;
        const charge = sign > 0 ? q : 0;
        const discharge = sign > 0 ? 0 : q;
        const chargeEnergy = sign > 0 ? energy : 0;
        const dischargeEnergy = sign > 0 ? 0 : energy;
        const temperature = 25 + (random() - 0.5) * 0.2;
        chunk +=
          `${point},${timeS.toFixed(3)},${step},${cycle},${(sign * currentA).toFixed(6)},${voltage.toFixed(5)},` +
          `${fixed(charge)},${fixed(discharge)},${fixed(chargeEnergy)},${fixed(dischargeEnergy)},${temperature.toFixed(3)}\r\n`;
        if (point % 1000 === 0) {
          yield chunk;
          chunk = '';
        }
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

function fixed(value: number): string {
  return value === 0 ? '0' : value.toFixed(9);
}

/** An LFP-like open-circuit voltage: a flat plateau with steep ends. */
function ocv(soc: number): number {
  const s = Math.min(Math.max(soc, 0.001), 0.999);
  return 3.3 + 0.1 * (s - 0.5) + 0.05 * Math.log(s / (1 - s));
}

/** Small seeded PRNG (mulberry32): the same seed gives the same file on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
