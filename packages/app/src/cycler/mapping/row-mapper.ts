import type { CyclerPoint } from '../cycler-types.ts';
import { CycleFromCurrent } from '../normalise/cycle-from-current.ts';
import { directionOfCurrent, splitByDirection } from '../normalise/step-direction-counter.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import { requiredDateTimeMs, requiredDuration } from '../tabular/duration.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import { findColumn, requireColumn, type ColumnMap, type TimeEncoding } from './column-map.ts';

/**
 * The one row → point mapper of every time-series format: binds a `ColumnMap` to a header
 * (missing required columns fail here, before any row is read) and maps rows. It keeps the
 * per-file state the conventions need: counter normalisation (WithinCycleCounters), derived
 * cycles (CycleFromCurrent), and the first timestamp of date-encoded times.
 */
export class ColumnMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #map: ColumnMap;
  readonly #counters: WithinCycleCounters;
  readonly #magnitudes: boolean;
  readonly #derived = new CycleFromCurrent();
  readonly #time: Column;
  readonly #timeEncoding: TimeEncoding;
  readonly #current: Column;
  readonly #voltage: Column;
  readonly #cycle: Column | undefined;
  readonly #halfCycle: Column | undefined;
  readonly #step: Column | undefined;
  readonly #stepKey: Column | undefined;
  readonly #charge: Column | undefined;
  readonly #discharge: Column | undefined;
  readonly #chargeEnergy: Column | undefined;
  readonly #dischargeEnergy: Column | undefined;
  readonly #capacity: Column | undefined;
  readonly #energy: Column | undefined;
  readonly #direction: Column | undefined;
  readonly #temperature: Column | undefined;
  readonly #skip: Column[];
  #firstMs: number | null = null;
  /** The cycle column is ignored and cycles derived (a counter that never moved). */
  #deriveInstead = false;

  constructor(map: ColumnMap, columns: HeaderColumns, cells: CellReader) {
    this.#map = map;
    this.#cells = cells;
    this.#counters = new WithinCycleCounters({ sumSteps: map.sumSteps === true });
    this.#magnitudes = map.counterMagnitudes === true;
    const time = findColumn(columns, map.time.find);
    const epoch = time === undefined ? findColumn(columns, map.epochTime) : undefined;
    this.#time = time ?? epoch ?? requireColumn(columns, map.time);
    this.#timeEncoding = epoch !== undefined ? 'epoch-seconds' : (map.timeEncoding ?? 'seconds');
    this.#current = requireColumn(columns, map.current);
    this.#voltage = requireColumn(columns, map.voltage);
    this.#cycle =
      map.cycle === undefined
        ? undefined
        : map.cycleRequired === true
          ? requireColumn(columns, map.cycle)
          : findColumn(columns, map.cycle.find);
    this.#halfCycle = findColumn(columns, map.halfCycle);
    this.#step =
      map.step === undefined
        ? undefined
        : map.stepRequired === true
          ? requireColumn(columns, map.step)
          : findColumn(columns, map.step.find);
    this.#stepKey = findColumn(columns, map.stepKey) ?? this.#step;
    this.#charge = findColumn(columns, map.charge);
    this.#discharge = findColumn(columns, map.discharge);
    this.#chargeEnergy = findColumn(columns, map.chargeEnergy);
    this.#dischargeEnergy = findColumn(columns, map.dischargeEnergy);
    this.#capacity = findColumn(columns, map.capacity);
    this.#energy = findColumn(columns, map.energy);
    this.#direction = map.direction === undefined ? undefined : findColumn(columns, map.direction.find);
    this.#temperature = findColumn(columns, map.temperature);
    this.#skip = (map.skipWhenAny ?? []).flatMap((specs) => findColumn(columns, specs) ?? []);
  }

  /** The cycle column, when the format lets a stuck one be replaced by derived cycles. */
  get replaceableCycleColumn(): Column | undefined {
    return this.#map.deriveCyclesWhenStuck === true ? this.#cycle : undefined;
  }

  /** From now on, cycles come from the step sequence (the file's counter never moved). */
  deriveCyclesInstead(): void {
    this.#deriveInstead = true;
  }

  map(row: Row): CyclerPoint | null {
    const c = this.#cells;
    for (const column of this.#skip) if (c.optional(row, column) !== null) return null;

    const step = this.#step === undefined ? null : c.index(row, this.#step);
    const stepKey = this.#stepKey === undefined ? step : c.index(row, this.#stepKey);
    const amps = c.required(row, this.#current);
    const stated =
      this.#direction === undefined ? null : this.#map.direction!.parse(c.text(row, this.#direction));
    const direction = stated ?? directionOfCurrent(amps);
    const currentA =
      this.#map.signFromDirection === true && stated !== null
        ? direction === 'charge'
          ? Math.abs(amps)
          : direction === 'discharge'
            ? -Math.abs(amps)
            : amps
        : amps;
    const cycle =
      this.#cycle !== undefined && !this.#deriveInstead
        ? c.index(row, this.#cycle)
        : this.#halfCycle !== undefined
          ? Math.floor(c.index(row, this.#halfCycle) / 2)
          : this.#map.deriveCycles === true || this.#deriveInstead
            ? this.#derived.next(stepKey, currentA)
            : 0;

    const point: CyclerPoint = {
      timeS: this.#timeS(row),
      cycle,
      step,
      currentA,
      voltageV: c.required(row, this.#voltage),
      chargeCapacityAh: null,
      dischargeCapacityAh: null,
      chargeEnergyWh: null,
      dischargeEnergyWh: null,
      temperatureC: c.optional(row, this.#temperature),
    };
    const capacity = splitByDirection(direction, c.optional(row, this.#capacity));
    const energy = splitByDirection(direction, c.optional(row, this.#energy));
    return this.#counters.fill(
      point,
      stepKey,
      this.#charge === undefined ? capacity.charge : this.#counter(row, this.#charge),
      this.#discharge === undefined ? capacity.discharge : this.#counter(row, this.#discharge),
      this.#chargeEnergy === undefined ? energy.charge : this.#counter(row, this.#chargeEnergy),
      this.#dischargeEnergy === undefined ? energy.discharge : this.#counter(row, this.#dischargeEnergy),
    );
  }

  #counter(row: Row, column: Column): number | null {
    const value = this.#cells.optional(row, column);
    return value !== null && this.#magnitudes ? Math.abs(value) : value;
  }

  #sinceFirst(ms: number): number {
    this.#firstMs ??= ms;
    // Serial dates carry float noise; cyclers record whole milliseconds at best.
    return Math.round(ms - this.#firstMs) / 1000;
  }

  #timeS(row: Row): number {
    switch (this.#timeEncoding) {
      case 'seconds':
        return this.#cells.required(row, this.#time);
      case 'duration':
        return requiredDuration(row, this.#time);
      case 'date':
        return this.#sinceFirst(requiredDateTimeMs(row, this.#time));
      case 'epoch-seconds':
        return this.#sinceFirst(this.#cells.required(row, this.#time) * 1000);
      case 'seconds-or-date': {
        // BioLogic writes either seconds or absolute date-times in "time/s", whole files of each.
        // A date-time has a clock in it; seconds never do (and may carry a decimal comma).
        return (row.fields[this.#time.index] ?? '').includes(':')
          ? this.#sinceFirst(requiredDateTimeMs(row, this.#time))
          : this.#cells.required(row, this.#time);
      }
    }
  }
}
