import { CyclerParseError, locate } from '../cycler-parse-error.ts';
import type { CyclerPoint } from '../cycler-types.ts';
import { splitByDirection, type StepDirection } from '../normalise/step-direction-counter.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';

/**
 * Rows of a Neware BTS 7 "Detail" sheet (SOURCES.md A6): Cur(mA) signed, CapaCity(mAh) and
 * Energy(mWh) unsigned and restarting at every step, Status naming the direction ("CC_Chg",
 * "CCCV_DChg", "Rest"). Relative Time restarts at every step too, so test time is taken from
 * Absolute Time, an Excel serial date (days since 1899-12-30), relative to the first row.
 */
export class NewareDetailMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #counters = new WithinCycleCounters();
  readonly #status: Column;
  readonly #cycle: Column;
  readonly #step: Column;
  readonly #current: Column;
  readonly #voltage: Column;
  readonly #capacity;
  readonly #energy;
  readonly #absolute: Column;
  #startDays: number | null = null;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#status = columns.require('status', columns.find('Status'), ['Status']);
    this.#cycle = columns.require('cycle', columns.find('Cycle', 'CyCle'), ['Cycle']);
    this.#step = columns.require('step', columns.find('Step'), ['Step']);
    this.#current = columns.require('current', columns.findQuantity('current', ['Cur', 'Current']), [
      'Cur(mA)',
    ]);
    this.#voltage = columns.require('voltage', columns.findQuantity('voltage', ['Voltage']), ['Voltage(V)']);
    this.#capacity = columns.findQuantity('capacity', ['CapaCity', 'Capacity']);
    this.#energy = columns.findQuantity('energy', ['Energy']);
    this.#absolute = columns.require('absolute time', columns.find('Absolute Time'), ['Absolute Time']);
  }

  map(row: Row): CyclerPoint {
    const c = this.#cells;
    const cycle = c.index(row, this.#cycle);
    const step = c.index(row, this.#step);
    const direction = statusDirection(c.text(row, this.#status));
    const capacity = splitByDirection(direction, c.optional(row, this.#capacity));
    const energy = splitByDirection(direction, c.optional(row, this.#energy));
    const days = this.#days(row);
    this.#startDays ??= days;
    // Serial dates carry float noise; the cycler records whole milliseconds at best.
    const timeS = Math.round((days - this.#startDays) * 86400 * 1000) / 1000;
    const point: CyclerPoint = {
      timeS,
      cycle,
      step,
      currentA: c.required(row, this.#current),
      voltageV: c.required(row, this.#voltage),
      chargeCapacityAh: null,
      dischargeCapacityAh: null,
      chargeEnergyWh: null,
      dischargeEnergyWh: null,
      temperatureC: null,
    };
    return this.#counters.fill(
      point,
      step,
      capacity.charge,
      capacity.discharge,
      energy.charge,
      energy.discharge,
    );
  }

  /** Absolute Time as days: an Excel serial number, or a "YYYY-MM-DD HH:MM:SS" text. */
  #days(row: Row): number {
    const raw = c(row, this.#absolute);
    const serial = Number(raw);
    if (raw !== '' && Number.isFinite(serial)) return serial;
    const parsed = Date.parse(raw.replace(' ', 'T') + 'Z');
    if (Number.isFinite(parsed)) return parsed / 86400000 + 25569;
    throw new CyclerParseError(`${locate(row.line, this.#absolute.name)}"${raw}" is not a date.`, {
      reason: raw === '' ? 'missing-value' : 'not-a-number',
      line: row.line,
      column: this.#absolute.name,
    });
  }
}

function c(row: Row, column: Column): string {
  return (row.fields[column.index] ?? '').trim();
}

function statusDirection(status: string): StepDirection {
  const s = status.toLowerCase();
  if (s.includes('dchg')) return 'discharge';
  if (s.includes('chg')) return 'charge';
  return 'rest';
}
