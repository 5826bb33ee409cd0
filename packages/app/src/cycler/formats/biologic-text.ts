import { findColumn, named, quantity, type ColumnSpecs } from '../mapping/column-map.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';
/**
 * BioLogic EC-Lab / BT-Lab text export (.mpt, or .txt as in SOURCES.md A3). Line 1 names the
 * software, line 2 says how many header lines there are; the column names carry their units after
 * a slash ("I/mA", "Q charge/mA.h"). BT-Lab writes "Ecell/V" where EC-Lab writes "Ewe/V", and the
 * degree sign of "Temperature/°C" may arrive as U+FFFD, so no name is matched with its degree sign.
 * European installations write decimal commas in this tab-separated format; they are read.
 * Current is positive for oxidation, which for a cell is charging: our sign convention already.
 */
const VOLTAGE: ColumnSpecs = quantity('voltage', ['Ewe', 'Ecell', '<Ewe>', '<Ecell>']);

export const biologicText: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'biologic-text',
  resembles: {
    name: 'BioLogic EC-Lab/BT-Lab text export',
    columns: [['time/s'], ['Ewe/V', 'Ecell/V'], ['I/mA', '<I>/mA'], ['cycle number'], ['Ns']],
  },
  columns: {
    time: { find: quantity('time', ['time']), label: 'time', expected: ['time/s'] },
    // "time/s" holds seconds, or absolute date-times when the export was set to write those.
    timeEncoding: 'seconds-or-date',
    voltage: { find: VOLTAGE, label: 'voltage', expected: ['Ewe/V', 'Ecell/V'] },
    current: { find: quantity('current', ['I', '<I>']), label: 'current', expected: ['I/mA', '<I>/mA'] },
    // Without "cycle number", two half cycles make a cycle; with neither, the file is one cycle 0.
    cycle: { find: named('cycle number'), label: 'cycle', expected: ['cycle number'] },
    halfCycle: named('half cycle'),
    step: { find: named('Ns'), label: 'step', expected: ['Ns'] },
    charge: quantity('capacity', ['Q charge']),
    discharge: quantity('capacity', ['Q discharge']),
    chargeEnergy: quantity('energy', ['Energy charge']),
    dischargeEnergy: quantity('energy', ['Energy discharge']),
    temperature: quantity('temperature', ['Temperature']),
  },

  matchesFirstLine(line) {
    return /^(EC-Lab|BT-Lab) ASCII FILE\s*$/.test(line);
  },

  matchesHeader(columns) {
    return columns.has('time/s') && findColumn(columns, VOLTAGE) !== undefined;
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
};
