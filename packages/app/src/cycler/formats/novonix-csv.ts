import { named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import { HeaderColumns } from '../tabular/header-columns.ts';
import { keyValuePreamble } from './key-value-preamble.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Novonix UHPC CSV (PyProBE tests/sample_data/novonix): "[Summary]" key/value lines, "[Protocol]"
 * holding the protocol as one JSON line, then "[Data]" and the column names. "Run Time (h)" is in
 * hours; "Capacity (Ah)" and "Energy (Wh)" are unsigned and restart at every step, so the current's
 * sign splits them into charge and discharge, as with Maccor. "Cycle Number" counts from 1.
 * Older HPC exports (BEEP test_Nova_Form-CH01-01_short.csv) put each whole data line, and the
 * column-name line, in one pair of quotes: those rows are one CSV field, split again here.
 */
const NOVONIX_COLUMNS: ColumnMap = {
  time: { find: quantity('time', ['Run Time']), label: 'run time', expected: ['Run Time (h)'] },
  voltage: {
    find: quantity('voltage', ['Potential', 'Voltage']),
    label: 'potential',
    expected: ['Potential (V)'],
  },
  current: { find: quantity('current', ['Current']), label: 'current', expected: ['Current (A)'] },
  cycle: { find: named('Cycle Number'), label: 'cycle', expected: ['Cycle Number'] },
  cycleRequired: true,
  step: { find: named('Step Number'), label: 'step', expected: ['Step Number'] },
  capacity: quantity('capacity', ['Capacity']),
  energy: quantity('energy', ['Energy']),
  temperature: quantity('temperature', ['Temperature']),
};

export const novonixCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'novonix-csv',
  columns: NOVONIX_COLUMNS,
  resembles: {
    name: 'Novonix UHPC CSV',
    columns: [['Date and Time'], ['Cycle Number'], ['Run Time (h)'], ['Potential (V)'], ['Step Number']],
  },

  matchesFirstLine(line) {
    return line.replace(/^\uFEFF/, '').trim() === '[Summary]';
  },

  matchesHeader(columns) {
    return columns.has('Cycle Number') && columns.has('Run Time (h)') && columns.has('Potential (V)');
  },

  shapeRows(header) {
    const names = header.names;
    if (!(names[0]?.startsWith('"') === true && names.at(-1)?.endsWith('"') === true))
      return Promise.resolve(null);
    const columns = new HeaderColumns(
      names.map((n, i) => (i === 0 ? n.slice(1) : i === names.length - 1 ? n.slice(0, -1) : n)),
      header.line,
    );
    return Promise.resolve({
      columns,
      // A quoted line is one field; an unquoted one keeps the header's width.
      columnCount: (fields) => (fields.length === 1 ? 1 : columns.names.length),
      reshape: (row) =>
        row.fields.length === 1 ? { line: row.line, fields: (row.fields[0] ?? '').split(',') } : row,
    });
  },

  readPreamble(lines) {
    const end = lines.findIndex((l) => l.trim() === '[End Summary]');
    return keyValuePreamble('novonix', end < 0 ? [] : lines.slice(1, end), /^([^:]{1,60}):\s*(.*)$/);
  },
};
