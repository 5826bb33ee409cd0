/**
 * Per-cycle figures read straight from the columns of real cycler files in shared/data/cyclers
 * (SOURCES.md) by a small pass of their own — none of the importer's code — so that a test
 * compares what BatteryDB shows against the file, not against itself. Each reader states the
 * cycler's rule it applies.
 */
import path from 'node:path';
import { CYCLER_DATA } from '../../../../test-support/cycler-data.ts';
import { column, readTable } from './fixture-own-figures.ts';

/** One cycle as the file states it: capacities in Ah, energy in Wh, coulombic efficiency as a fraction. */
export interface OwnCycle {
  charge: number;
  discharge: number;
  dischargeEnergy: number;
}
export type OwnFigures = Map<number, OwnCycle>;

function table(file: string, separator: string, headerStarts: string) {
  const t = readTable(path.join(CYCLER_DATA, file), separator, (l) => l.startsWith(headerStarts));
  return { rows: t.rows, col: (name: string) => column(t, name) };
}

/** Arbin CSV (A1): counters cumulative within a cycle, so each Cycle_Index's last row. */
export function arbinCsvFigures(file: string): OwnFigures {
  const t = table(file, ',', 'Data_Point,');
  const [cyc, chg, dis, energy] = [
    'Cycle_Index',
    'Charge_Capacity',
    'Discharge_Capacity',
    'Discharge_Energy',
  ].map(t.col);
  const own: OwnFigures = new Map();
  for (const r of t.rows)
    own.set(Number(r[cyc!]), {
      charge: Number(r[chg!]),
      discharge: Number(r[dis!]),
      dischargeEnergy: Number(r[energy!]),
    });
  return own;
}

/**
 * Maccor S4000 text (A2): Amp-hr and Watt-hr reset at every step, so a cycle's charge is the sum
 * of the final Amp-hr of its C steps, its discharge (and energy) of its D steps; a step is a run
 * of rows with the same Cyc#, Step and State.
 */
export function maccorStepFigures(file: string): OwnFigures {
  const t = table(file, '\t', 'Rec#\t');
  const [cyc, step, ah, wh, state] = ['Cyc#', 'Step', 'Amp-hr', 'Watt-hr', 'State'].map(t.col);
  const own: OwnFigures = new Map();
  const key = (r: string[]) => `${r[cyc!]}|${r[step!]}|${r[state!]}`;
  const close = (r: string[]) => {
    const cycle = Number(r[cyc!]);
    const entry = own.get(cycle) ?? { charge: 0, discharge: 0, dischargeEnergy: 0 };
    if (r[state!] === 'C') entry.charge += Number(r[ah!]);
    if (r[state!] === 'D') {
      entry.discharge += Number(r[ah!]);
      entry.dischargeEnergy += Number(r[wh!]);
    }
    own.set(cycle, entry);
  };
  const rows = t.rows.filter((r) => r.length > 10);
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    if (next === undefined || key(next) !== key(r)) close(r);
  });
  return own;
}

/** Battery Data Hub summary (A9): a row per cycle, Q_chg/Q_dis (Ah) and E_dis (Wh); NaN: none. */
export function batterydataSummaryFigures(file: string): OwnFigures {
  const t = table(file, ',', 'Cycle_Index,');
  const [cyc, chg, dis, energy] = ['Cycle_Index', 'Q_chg', 'Q_dis', 'E_dis'].map(t.col);
  const value = (text: string | undefined) => (text === undefined || text === 'NaN' ? 0 : Number(text));
  const own: OwnFigures = new Map();
  for (const r of t.rows)
    own.set(Number(r[cyc!]), {
      charge: value(r[chg!]),
      discharge: value(r[dis!]),
      dischargeEnergy: value(r[energy!]),
    });
  return own;
}
