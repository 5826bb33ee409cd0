import type { CyclerPoint } from '../cycler-types.ts';
import {
  splitByDirection,
  directionOfCurrent,
  type StepDirection,
} from '../normalise/step-direction-counter.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { samplePoint } from '../normalise/sample-point.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Maccor Series 4000 ASCII export (SOURCES.md A2): a metadata line, then tab-separated columns.
 * "Amp-hr" and "Watt-hr" restart at every step and carry no sign; "State" (C/D/R) says which way
 * the step goes, so the cycle's charge is the sum over its charge steps (CC + CV). Amps is signed
 * in some exports and not in others, so the sign is taken from State where it says C or D.
 */
export const maccorText: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'maccor-text',

  matchesHeader(columns) {
    return (
      columns.has('Rec#', 'Rec') &&
      columns.has('Cyc#', 'Cycle') &&
      columns.has('Amps', 'Current') &&
      columns.has('Volts', 'Voltage')
    );
  },

  readPreamble(lines) {
    const text = lines.join('\t');
    const metadata: Record<string, string> = {};
    if (text.trim() !== '') metadata['maccor.header'] = text.replace(/\t/g, ' ').replace(/\s+/g, ' ').trim();
    const patterns: [string, RegExp][] = [
      ['maccor.dateOfTest', /Date of Test:\s*([^\t]+?)\s*(?:\t|$)/],
      ['maccor.filename', /Filename:\s*(.+?)\s+Procedure:/],
      ['maccor.procedure', /Procedure:\s*([^\t]+?)\s*(?:\t|$)/],
      ['maccor.comment', /Comment\/Barcode:\s*([^\t]*?)\s*(?:\t|$)/],
    ];
    for (const [key, pattern] of patterns) {
      const value = pattern.exec(text)?.[1]?.trim();
      if (value !== undefined && value !== '') metadata[key] = value;
    }
    return metadata;
  },

  bind(columns, cells) {
    return new MaccorMapper(columns, cells);
  },
};

const STATE_DIRECTION: Record<string, StepDirection> = { C: 'charge', D: 'discharge', R: 'rest' };

class MaccorMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #counters = new WithinCycleCounters();
  readonly #time;
  readonly #cycle;
  readonly #step;
  readonly #current;
  readonly #voltage;
  readonly #capacity;
  readonly #energy;
  readonly #state;
  readonly #temperature;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#time = columns.require(
      'test time',
      columns.findQuantity('time', ['Test', 'Test Time'], ['Test Time', 'TestTime']),
      ['Test (Sec)'],
    );
    this.#cycle = columns.require('cycle', columns.find('Cyc#', 'Cycle'), ['Cyc#']);
    this.#step = columns.require('step', columns.find('Step'), ['Step']);
    this.#current = columns.require(
      'current',
      columns.findQuantity('current', ['Current'], ['Amps', 'Current']),
      ['Amps'],
    );
    this.#voltage = columns.require(
      'voltage',
      columns.findQuantity('voltage', ['Voltage'], ['Volts', 'Voltage']),
      ['Volts'],
    );
    this.#capacity = columns.findQuantity('capacity', ['Capacity'], ['Amp-hr', 'Capacity']);
    this.#energy = columns.findQuantity('energy', ['Energy'], ['Watt-hr', 'Energy']);
    this.#state = columns.find('State', 'MD');
    this.#temperature = columns.findQuantity('temperature', ['Temp 1', 'Temperature'], ['Temp 1', 'Temp1']);
  }

  map(row: Row): CyclerPoint {
    const c = this.#cells;
    const cycle = c.index(row, this.#cycle);
    const step = c.index(row, this.#step);
    const amps = c.required(row, this.#current);
    const direction = STATE_DIRECTION[c.text(row, this.#state).toUpperCase()] ?? directionOfCurrent(amps);
    const currentA =
      direction === 'charge' ? Math.abs(amps) : direction === 'discharge' ? -Math.abs(amps) : amps;
    const capacity = splitByDirection(direction, c.optional(row, this.#capacity));
    const energy = splitByDirection(direction, c.optional(row, this.#energy));
    return samplePoint(
      this.#counters,
      step,
      {
        timeS: c.required(row, this.#time),
        cycle,
        step,
        currentA,
        voltageV: c.required(row, this.#voltage),
        temperatureC: c.optional(row, this.#temperature),
      },
      {
        chargeAh: capacity.charge,
        dischargeAh: capacity.discharge,
        chargeWh: energy.charge,
        dischargeWh: energy.discharge,
      },
    );
  }
}
