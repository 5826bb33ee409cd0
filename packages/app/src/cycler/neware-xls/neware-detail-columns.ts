import { named, quantity, type ColumnMap } from '../mapping/column-map.ts';

/**
 * Columns of a Neware BTS 7 "Detail" sheet (SOURCES.md A6): Cur(mA) signed, CapaCity(mAh) and
 * Energy(mWh) unsigned and restarting at every step, Status naming the direction ("CC_Chg",
 * "CCCV_DChg", "Rest"). Relative Time restarts at every step too, so test time is taken from
 * Absolute Time, an Excel serial date (days since 1899-12-30), relative to the first row.
 */
export const NEWARE_DETAIL_COLUMNS: ColumnMap = {
  time: { find: named('Absolute Time'), label: 'absolute time', expected: ['Absolute Time'] },
  timeEncoding: 'date',
  current: { find: quantity('current', ['Cur', 'Current']), label: 'current', expected: ['Cur(mA)'] },
  voltage: { find: quantity('voltage', ['Voltage']), label: 'voltage', expected: ['Voltage(V)'] },
  cycle: { find: named('Cycle', 'CyCle'), label: 'cycle', expected: ['Cycle'] },
  cycleRequired: true,
  step: { find: named('Step'), label: 'step', expected: ['Step'] },
  stepRequired: true,
  capacity: quantity('capacity', ['CapaCity', 'Capacity']),
  energy: quantity('energy', ['Energy']),
  direction: {
    find: named('Status'),
    parse: (status) => {
      const s = status.toLowerCase();
      return s.includes('dchg') ? 'discharge' : s.includes('chg') ? 'charge' : 'rest';
    },
  },
};
