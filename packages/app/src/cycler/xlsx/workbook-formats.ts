import type { TimeSeriesFormat } from '../cycler-types.ts';
import { ARBIN_COLUMNS } from '../formats/arbin-csv.ts';
import { named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';

/** A workbook layout: which sheets hold the time series (in order), and their columns. */
export interface WorkbookFormat {
  format: TimeSeriesFormat;
  /** True for a sheet of samples, judged by its name and its first row's names. */
  isDataSheet(name: string, header: HeaderColumns): boolean;
  columns: ColumnMap;
}

/**
 * Arbin MITS Pro / Data Pro "Export to Excel" (fixtures/cyclers/arbin/…Channel_11.xlsx): a
 * "Global_Info" sheet, the samples in "Channel_<n>_<part>" sheets (a long test spills into
 * several), and, when asked for, "Statistics_<n>" with per-cycle figures we recompute instead.
 * Columns are the CSV's ("Test_Time(s)", "Cycle_Index", "Charge_Capacity(Ah)"…).
 */
const arbinXlsx: WorkbookFormat = {
  format: 'arbin-xlsx',
  isDataSheet: (name, header) =>
    /^channel/i.test(name) &&
    header.has('Cycle_Index', 'Cycle Index') &&
    header.has('Step_Index', 'Step Index'),
  columns: ARBIN_COLUMNS,
};

/**
 * LANHE / LAND CT2001 "Excel" export (fixtures/cyclers/lanhe/custom_data_002.xlsx): "Cycle-Tab"
 * holds the cycler's per-cycle capacities (CapC/mAh, CapD/mAh), "Record-Tab" the samples with the
 * unit after a slash ("Current/mA", "TestTime/Sec"). Current is signed; Capacity/mAh and
 * Energy/mWh restart at every step and carry no sign; Step-State says R (rest), RateC or RateD.
 * Chinese installations name the sheets in Chinese, so sheets are found by their columns.
 */
const lanheXlsx: WorkbookFormat = {
  format: 'lanhe-xlsx',
  isDataSheet: (_name, header) =>
    header.has('Record') &&
    header.has('Cycle-Index') &&
    header.findQuantity('time', ['TestTime']) !== undefined,
  columns: {
    time: { find: quantity('time', ['TestTime']), label: 'test time', expected: ['TestTime/Sec'] },
    current: { find: quantity('current', ['Current']), label: 'current', expected: ['Current/mA'] },
    voltage: { find: quantity('voltage', ['Voltage']), label: 'voltage', expected: ['Voltage/V'] },
    cycle: { find: named('Cycle-Index'), label: 'cycle', expected: ['Cycle-Index'] },
    cycleRequired: true,
    step: { find: named('Step-Index'), label: 'step', expected: ['Step-Index'] },
    capacity: quantity('capacity', ['Capacity']),
    energy: quantity('energy', ['Energy']),
    direction: {
      find: named('Step-State'),
      parse: (state) =>
        /D$/i.test(state) ? 'discharge' : /C$/i.test(state) ? 'charge' : /^R$/i.test(state) ? 'rest' : null,
    },
  },
};

export const WORKBOOK_FORMATS: readonly WorkbookFormat[] = [arbinXlsx, lanheXlsx];
