import { quantity, type ColumnMap } from '../mapping/column-map.ts';
import { ARBIN_COLUMNS } from './arbin-csv.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Battery Archive (batteryarchive.org) "timeseries" CSV: "Date_Time, Test_Time (s), Cycle_Index,
 * Current (A), Voltage (V), Charge_Capacity (Ah), Discharge_Capacity (Ah), Charge_Energy (Wh),
 * Discharge_Energy (Wh), Environment_Temperature (C), Cell_Temperature (C)". Arbin's names without
 * Data_Point or Step_Index; "Cycle_Index" is written as a float ("1.0"); capacities are per cycle.
 */
const BA_COLUMNS: ColumnMap = {
  ...ARBIN_COLUMNS,
  step: undefined,
  stepRequired: false,
  temperature: quantity('temperature', ['Cell_Temperature', 'Environment_Temperature']),
};

export const batteryArchiveTimeseries: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'batteryarchive-timeseries',
  columns: BA_COLUMNS,
  resembles: {
    name: 'Battery Archive timeseries CSV',
    columns: [['Date_Time'], ['Test_Time (s)'], ['Cycle_Index'], ['Current (A)'], ['Voltage (V)']],
  },

  matchesHeader(columns) {
    return (
      columns.has('Test_Time (s)') &&
      columns.has('Cycle_Index') &&
      columns.has('Current (A)') &&
      columns.has('Voltage (V)') &&
      !columns.has('Data_Point', 'Step_Index')
    );
  },
};
