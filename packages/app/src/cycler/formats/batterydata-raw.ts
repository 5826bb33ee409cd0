import { named } from '../mapping/column-map.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * DOE Battery Data Hub (batterydata.energy.gov) raw time series (SOURCES.md A8). Units are in the
 * names' suffixes; missing values are the text "NaN". Impedance spectroscopy rows are mixed into
 * the time series: they have the Frequency/Z columns filled and a meaningless (negative) voltage,
 * so they are not cycling samples and are dropped (counted in `stats.skippedRows`).
 */
export const batterydataRaw: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'batterydata-raw',
  resembles: {
    name: 'Battery Data Hub CSV',
    columns: [['Cycle_Index'], ['Time_s'], ['Current_A'], ['Voltage_V']],
  },
  columns: {
    time: { find: named('Time_s'), label: 'time', expected: ['Time_s'] },
    current: { find: named('Current_A'), label: 'current', expected: ['Current_A'] },
    voltage: { find: named('Voltage_V'), label: 'voltage', expected: ['Voltage_V'] },
    cycle: { find: named('Cycle_Index'), label: 'cycle', expected: ['Cycle_Index'] },
    cycleRequired: true,
    step: { find: named('Step', 'Step_Index'), label: 'step', expected: ['Step'] },
    charge: named('Charge_Capacity_Ah'),
    discharge: named('Discharge_Capacity_Ah'),
    chargeEnergy: named('Charge_Energy_Wh'),
    dischargeEnergy: named('Discharge_Energy_Wh'),
    temperature: named('Cell_Temperature_C', 'Temperature_C'),
    skipWhenAny: ['Frequency_Hz', 'Z_Real_Ohm', 'Z_Imag_Ohm', 'Z_Mag_Ohm', 'Z_Phase_Degree'].map((n) =>
      named(n),
    ),
  },

  matchesHeader(columns) {
    return (
      columns.has('Cycle_Index') &&
      columns.has('Time_s') &&
      columns.has('Current_A') &&
      columns.has('Voltage_V')
    );
  },
};
