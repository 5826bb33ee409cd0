import type { CyclerPoint } from '../cycler-types.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { readCounters, samplePoint } from '../normalise/sample-point.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * BioLogic EC-Lab / BT-Lab text export (.mpt, or .txt as in SOURCES.md A3). Line 1 names the
 * software, line 2 says how many header lines there are; the column names carry their units after
 * a slash ("I/mA", "Q charge/mA.h"). BT-Lab writes "Ecell/V" where EC-Lab writes "Ewe/V", and the
 * degree sign of "Temperature/°C" may arrive as U+FFFD, so no name is matched with its degree sign.
 * European installations write decimal commas in this tab-separated format; they are read.
 * Current is positive for oxidation, which for a cell is charging: our sign convention already.
 */
export const biologicText: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'biologic-text',

  matchesFirstLine(line) {
    return /^(EC-Lab|BT-Lab) ASCII FILE\s*$/.test(line);
  },

  matchesHeader(columns) {
    return columns.has('time/s') && voltageColumn(columns) !== undefined;
  },

  readPreamble(lines) {
    const metadata: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      // "Key : value" lines; the protocol table below them is fixed-width and has no " : ".
      const match = /^\s*([^:\t]{2,60}?)\s+:\s*(.*?)\s*$/.exec(line);
      if (match === null || match[1] === undefined || match[2] === undefined || match[2] === '') continue;
      const key = `biologic.${match[1].trim()}`;
      if (!(key in metadata) && Object.keys(metadata).length < 100) metadata[key] = match[2];
    }
    return metadata;
  },

  bind(columns, cells) {
    return new BiologicTextMapper(columns, cells);
  },
};

function voltageColumn(columns: HeaderColumns): Column | undefined {
  return columns.findQuantity('voltage', ['Ewe', 'Ecell', '<Ewe>', '<Ecell>']);
}

class BiologicTextMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #counters = new WithinCycleCounters();
  readonly #time;
  readonly #voltage;
  readonly #current;
  readonly #cycle;
  readonly #halfCycle;
  readonly #step;
  readonly #charge;
  readonly #discharge;
  readonly #chargeEnergy;
  readonly #dischargeEnergy;
  readonly #temperature;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#time = columns.require('time', columns.findQuantity('time', ['time']), ['time/s']);
    this.#voltage = columns.require('voltage', voltageColumn(columns), ['Ewe/V', 'Ecell/V']);
    this.#current = columns.require('current', columns.findQuantity('current', ['I', '<I>']), [
      'I/mA',
      '<I>/mA',
    ]);
    this.#cycle = columns.find('cycle number');
    this.#halfCycle = columns.find('half cycle');
    this.#step = columns.find('Ns');
    this.#charge = columns.findQuantity('capacity', ['Q charge']);
    this.#discharge = columns.findQuantity('capacity', ['Q discharge']);
    this.#chargeEnergy = columns.findQuantity('energy', ['Energy charge']);
    this.#dischargeEnergy = columns.findQuantity('energy', ['Energy discharge']);
    this.#temperature = columns.findQuantity('temperature', ['Temperature']);
  }

  map(row: Row): CyclerPoint {
    const c = this.#cells;
    // Without "cycle number", two half cycles make a cycle; with neither, the file is one cycle 0.
    const cycle =
      this.#cycle !== undefined
        ? c.index(row, this.#cycle)
        : this.#halfCycle !== undefined
          ? Math.floor(c.index(row, this.#halfCycle) / 2)
          : 0;
    const step = this.#step === undefined ? null : c.index(row, this.#step);
    return samplePoint(
      this.#counters,
      step,
      {
        timeS: c.required(row, this.#time),
        cycle,
        step,
        currentA: c.required(row, this.#current),
        voltageV: c.required(row, this.#voltage),
        temperatureC: c.optional(row, this.#temperature),
      },
      readCounters(c, row, {
        charge: this.#charge,
        discharge: this.#discharge,
        chargeEnergy: this.#chargeEnergy,
        dischargeEnergy: this.#dischargeEnergy,
      }),
    );
  }
}
