/**
 * Per-cycle charge and discharge capacities read straight from a fixture file's own columns, by a
 * small CSV/TSV pass of its own — none of the importer's code — so that the tests compare the
 * importer against the file, not against itself. Each reader states the cycler's rule it applies.
 */
import { readFileSync } from 'node:fs';
import MDBReader from 'mdb-reader';
import { fixture, type OwnCycles } from './fixture-cyclers.ts';

export interface Table {
  names: string[];
  rows: string[][];
}

/** The rows under the first line for which `isHeader` holds, split on `separator`. */
function table(file: string, separator: string, isHeader: (line: string) => boolean): Table {
  return readTable(fixture(file), separator, isHeader);
}

/** {@link table} of a file anywhere (the real files beside the repository: shared-own-figures.ts). */
export function readTable(file: string, separator: string, isHeader: (line: string) => boolean): Table {
  // Older Novonix exports quote each whole line: such a line is read without its quotes.
  const lines = readFileSync(file, 'latin1')
    .split(/\r?\n/)
    .map((l) => (/^".*"$/.test(l) ? l.slice(1, -1) : l));
  const at = lines.findIndex(isHeader);
  if (at < 0) throw new Error(`${file}: no header line`);
  const names = lines[at]!.split(separator).map((n) => n.trim());
  const rows = lines
    .slice(at + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(separator));
  return { names, rows };
}

export function column(t: Table, name: string): number {
  const i = t.names.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${t.names.join(',')}`);
  return i;
}

function add(own: OwnCycles, cycle: number, direction: 'C' | 'D' | null, ah: number): void {
  const entry = own.get(cycle) ?? [0, 0];
  if (direction === 'C') entry[0] += ah;
  if (direction === 'D') entry[1] += ah;
  own.set(cycle, entry);
}

/**
 * Per-step counters (Maccor "Amp-hr"/"Cap. [Ah]", Novonix "Capacity (Ah)"): a cycle's charge is
 * the sum over its charge steps of each step's final value, likewise its discharge. `runs` are the
 * file's steps in order: [cycle, direction, final value].
 */
function sumOfSteps(runs: Iterable<[number, 'C' | 'D' | null, number]>): OwnCycles {
  const own: OwnCycles = new Map();
  for (const [cycle, direction, ah] of runs) add(own, cycle, direction, ah);
  return own;
}

/** Consecutive rows with the same `key` form one step; yields each step's last row. */
function* steps(rows: string[][], key: (row: string[]) => string): Generator<string[]> {
  let last: string[] | null = null;
  for (const row of rows) {
    if (last !== null && key(row) !== key(last)) yield last;
    last = row;
  }
  if (last !== null) yield last;
}

const direction = (state: string | undefined): 'C' | 'D' | null =>
  state === 'C' ? 'C' : state === 'D' ? 'D' : null;

/** Maccor MIMS (maccor_002.txt): cycles by "Cycle C", steps by "Step" and "Md". */
export function maccorMimsSums(file: string): OwnCycles {
  const t = table(file, '\t', (l) => l.startsWith('Rec\t'));
  const [cyc, step, cap, md] = ['Cycle C', 'Step', 'Cap. [Ah]', 'Md'].map((n) => column(t, n));
  const rows = t.rows.filter((r) => r.length >= t.names.length);
  return sumOfSteps(
    [...steps(rows, (r) => `${r[cyc!]}|${r[step!]}|${r[md!]}`)].map(
      (r) => [Number(r[cyc!]), direction(r[md!]), Number(r[cap!])] as [number, 'C' | 'D' | null, number],
    ),
  );
}

/**
 * Maccor S4000 whose "Cyc#" never moves (maccor_001): cycles from the step sequence — the first
 * direction the test takes (C or D in "State") and then the other make a cycle; the next step in
 * the first direction starts the next cycle (numbered from 1).
 */
export function maccorS4000FromSteps(file: string): OwnCycles {
  const t = table(file, '\t', (l) => l.startsWith('Rec#\t'));
  const [step, cap, state] = ['Step', 'Amp-hr', 'State'].map((n) => column(t, n));
  let cycle = 1;
  let first: 'C' | 'D' | null = null;
  let seenOther = false;
  const runs: [number, 'C' | 'D' | null, number][] = [];
  for (const r of steps(t.rows, (row) => `${row[step!]}|${row[state!]}`)) {
    const d = direction(r[state!]);
    if (d !== null && first === null) first = d;
    else if (d !== null && d !== first) seenOther = true;
    else if (d !== null && seenOther) {
      cycle += 1;
      seenOther = false;
    }
    runs.push([cycle, d, Number(r[cap!])]);
  }
  return sumOfSteps(runs);
}

/** Unit factor to Ah of a "(mAh)"/"(Ah)"/"/mA.h" column name. */
const toAh = (name: string): number => (/m\s*A\.?h/i.test(name) ? 1e-3 : 1);

/** Per-cycle counters (PEC, BaSyTec, BioLogic, Battery Archive): each cycle's last row. */
function lastPerCycle(t: Table, cycleName: string, chargeName: string, dischargeName: string): OwnCycles {
  const [cyc, chg, dis] = [cycleName, chargeName, dischargeName].map((n) => column(t, n));
  const own: OwnCycles = new Map();
  for (const r of t.rows) {
    if (r.length < t.names.length - 1 || r[cyc!]?.trim() === '') continue;
    own.set(Number(r[cyc!]), [
      Math.abs(Number(r[chg!])) * toAh(chargeName),
      Math.abs(Number(r[dis!])) * toAh(dischargeName),
    ]);
  }
  return own;
}

/** PEC: per "Cycle", its last "Charge/Discharge Capacity (mAh)". */
export function pecCycles(file: string): OwnCycles {
  return lastPerCycle(
    table(file, ',', (l) => l.startsWith('Test,Cell,Rack')),
    'Cycle',
    'Charge Capacity (mAh)',
    'Discharge Capacity (mAh)',
  );
}

/** BaSyTec: per "Cyc-Count", its last "Ah-Cyc-Charge"/"Ah-Cyc-Discharge" (magnitudes). */
export function basytecCycles(file: string): OwnCycles {
  return lastPerCycle(
    table(file, '\t', (l) => l.startsWith('~Time[s]')),
    'Cyc-Count',
    'Ah-Cyc-Charge',
    'Ah-Cyc-Discharge',
  );
}

/** BioLogic text: per "cycle number", its last "Q charge/mA.h"/"Q discharge/mA.h". */
export function biologicCycles(file: string): OwnCycles {
  return lastPerCycle(
    table(file, '\t', (l) => l.startsWith('Ns changes\t') || l.startsWith('mode\t')),
    'cycle number',
    'Q charge/mA.h',
    'Q discharge/mA.h',
  );
}

/** Battery Archive timeseries: per "Cycle_Index", its last Charge/Discharge_Capacity (Ah). */
export function batteryArchiveCycles(file: string): OwnCycles {
  return lastPerCycle(
    table(file, ',', (l) => l.startsWith('Date_Time,')),
    'Cycle_Index',
    'Charge_Capacity (Ah)',
    'Discharge_Capacity (Ah)',
  );
}

/** Battery Archive cycle_data: its rows are the cycles. */
export function batteryArchiveCycleData(file: string): OwnCycles {
  return lastPerCycle(
    table(file, ',', (l) => l.startsWith('Cycle_Index,')),
    'Cycle_Index',
    'Charge_Capacity (Ah)',
    'Discharge_Capacity (Ah)',
  );
}

/** Novonix: per "Cycle Number", steps by "Step Number"; a step's direction is its current's sign. */
export function novonixCycles(file: string): OwnCycles {
  const t = table(file, ',', (l) => l.startsWith('Date and Time,'));
  const [cyc, step, cap, amps] = ['Cycle Number', 'Step Number', 'Capacity (Ah)', 'Current (A)'].map((n) =>
    column(t, n),
  );
  return sumOfSteps(
    [...steps(t.rows, (r) => `${r[cyc!]}|${r[step!]}`)].map((r) => {
      const a = Number(r[amps!]);
      return [Number(r[cyc!]), a > 0 ? 'C' : a < 0 ? 'D' : null, Number(r[cap!])] as [
        number,
        'C' | 'D' | null,
        number,
      ];
    }),
  );
}

/** Arbin .res: Channel_Normal_Table's last Charge/Discharge_Capacity per Cycle_Index (mdb-reader). */
export function arbinResCycles(file: string): OwnCycles {
  const rows = new MDBReader(readFileSync(fixture(file))).getTable('Channel_Normal_Table').getData();
  const own: OwnCycles = new Map();
  for (const r of rows)
    own.set(Number(r.Cycle_Index), [Number(r.Charge_Capacity), Number(r.Discharge_Capacity)]);
  return own;
}
