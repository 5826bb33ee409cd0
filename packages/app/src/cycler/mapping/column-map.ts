import type { StepDirection } from '../normalise/step-direction-counter.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import type { Quantity } from '../tabular/units.ts';

/**
 * How one quantity is found in a header: by `names` (case-insensitive), or, with `quantity`, by
 * base names followed by a unit of that quantity ("Current(mA)", "I/mA", "Cap. [Ah]"), where the
 * `bare` names count as the base unit ("Current" is amperes in Arbin's exports).
 */
export interface ColumnSpec {
  names: readonly string[];
  quantity?: Quantity;
  bare?: readonly string[];
  /** Factor for a column found by a plain name (Maccor's bare "TestTime" counts minutes: 60). */
  scale?: number;
  /** The column at this 0-based position, whatever its name (a user's column mapping). */
  index?: number;
}

/** One spec, or several tried in order (the first that the header has wins). */
export type ColumnSpecs = ColumnSpec | readonly ColumnSpec[];

/** A required column: its spec plus the words a "missing column" message uses. */
export interface RequiredColumn {
  find: ColumnSpecs;
  /** "test time", "current"… */
  label: string;
  /** Spellings shown to the user when the column is missing. */
  expected: readonly string[];
}

/** How the test time is written. */
export type TimeEncoding =
  /** A number of seconds (scaled by the column's unit). */
  | 'seconds'
  /** "144:02:18", "0:00:10.500", "0d 00:00:5.05", "1-02:03:04" (tabular/duration.ts). */
  | 'duration'
  /** An Excel serial date or "YYYY-MM-DD HH:MM:SS"; test time is measured from the first row. */
  | 'date'
  /** Seconds, or absolute date-times where the software wrote those (BioLogic "time/s"). */
  | 'seconds-or-date'
  /** Seconds since 1970 (scaled by the column's unit); test time is measured from the first row. */
  | 'epoch-seconds';

/**
 * Everything a time-series format says about its columns: which column holds what, and the few
 * switches its quirks need. One generic mapper (row-mapper.ts) reads every format from this, so a
 * format file is a declaration of its vendor's names, side by side with the others.
 */
export interface ColumnMap {
  time: RequiredColumn;
  timeEncoding?: TimeEncoding;
  /**
   * Where the file has no `time` column: an absolute time in seconds since 1970 (BDF
   * `unix_time_second`), from which test time is measured from the first row.
   */
  epochTime?: ColumnSpecs;
  current: RequiredColumn;
  voltage: RequiredColumn;
  /**
   * The cycle: `cycle` when the file has it (required when `cycleRequired`), else two
   * `halfCycle`s per cycle, else derived from steps and current sign when `deriveCycles`,
   * else the whole file is cycle 0.
   */
  cycle?: RequiredColumn;
  cycleRequired?: boolean;
  /**
   * The cycle column may be a counter that never moves (Maccor S4000 exports whose "Cyc#" reads 0
   * throughout): when it has not changed over the first rows (mapping/stuck-cycle-counter.ts),
   * cycles are derived from the charge/discharge step sequence instead, as with `deriveCycles`.
   */
  deriveCyclesWhenStuck?: boolean;
  halfCycle?: ColumnSpecs;
  deriveCycles?: boolean;
  step?: RequiredColumn;
  stepRequired?: boolean;
  /** A column that changes at every step where `step` repeats (BDF step_count); marks counter resets. */
  stepKey?: ColumnSpecs;
  /** Directional counters (Ah, Wh): per cycle, per step or since the test began. */
  charge?: ColumnSpecs;
  discharge?: ColumnSpecs;
  chargeEnergy?: ColumnSpecs;
  dischargeEnergy?: ColumnSpecs;
  /** Counters are written signed (BaSyTec's discharge is negative): their magnitude is used. */
  counterMagnitudes?: boolean;
  /** Per-step counters add up over all of a cycle's steps (Maccor), not only consecutive ones. */
  sumSteps?: boolean;
  /** One unsigned counter for both directions (Maccor "Amp-hr", Neware "Capacity"), split by direction. */
  capacity?: ColumnSpecs;
  energy?: ColumnSpecs;
  /** A column naming the step's direction (Maccor State "C"/"D", Neware Status "CC_DChg"). */
  direction?: { find: ColumnSpecs; parse: (text: string) => StepDirection | null };
  /** The current's sign follows `direction` (Maccor prints unsigned Amps in some exports). */
  signFromDirection?: boolean;
  temperature?: ColumnSpecs;
  /** Rows with a value in any of these are not cycling samples (impedance rows) and are skipped. */
  skipWhenAny?: readonly ColumnSpecs[];
}

/** The first column of `specs` that the header has. */
export function findColumn(columns: HeaderColumns, specs: ColumnSpecs | undefined): Column | undefined {
  if (specs === undefined) return undefined;
  for (const spec of Array.isArray(specs) ? (specs as readonly ColumnSpec[]) : [specs as ColumnSpec]) {
    const column =
      spec.index !== undefined
        ? columns.at(spec.index)
        : spec.quantity === undefined
          ? columns.find(...spec.names)
          : columns.findQuantity(spec.quantity, spec.names, spec.bare ?? []);
    if (column !== undefined)
      return spec.scale === undefined ? column : { ...column, scale: column.scale * spec.scale };
  }
  return undefined;
}

/** Like `findColumn` for a required column: a missing one is a located parse error. */
export function requireColumn(columns: HeaderColumns, required: RequiredColumn): Column {
  return columns.require(required.label, findColumn(columns, required.find), required.expected);
}

/** Shorthand for a unit-bearing spec. */
export function quantity(kind: Quantity, names: readonly string[], bare: readonly string[] = []): ColumnSpec {
  return { names, quantity: kind, bare };
}

/** Shorthand for a spec by plain names. */
export function named(...names: string[]): ColumnSpec {
  return { names };
}
