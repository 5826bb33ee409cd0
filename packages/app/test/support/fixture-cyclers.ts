/**
 * The real cycler files in fixtures/cyclers (README there: sources and licences) and what the
 * cycler software itself reports in each file, read straight from the file's own summary
 * (Neware's cycle rows, LANHE's Cycle-Tab, Arbin's capacity columns, Maccor's per-step counters;
 * the newer layouts' readers are in fixture-own-figures.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipArchive } from '../../src/cycler/zip/zip-archive.ts';
import { readXlsxWorkbook } from '../../src/cycler/xlsx/xlsx-workbook.ts';
import { sheetRows } from '../../src/cycler/xlsx/sheet-rows.ts';
import {
  arbinResCycles,
  basytecCycles,
  batteryArchiveCycleData,
  batteryArchiveCycles,
  biologicCycles,
  maccorMimsSums,
  maccorS4000FromSteps,
  novonixCycles,
  pecCycles,
} from './fixture-own-figures.ts';

export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/cyclers/', import.meta.url));

export const fixture = (file: string): string => path.join(FIXTURES, file);

/** Per cycle: [charge Ah, discharge Ah] as the cycler states them. */
export type OwnCycles = Map<number, [number, number]>;

/** Neware three-level CSV: the cycle rows (Cycle Index, Chg. Cap.(Ah), DChg. Cap.(Ah), …). */
export function newareCycleRows(file: string): OwnCycles {
  const own: OwnCycles = new Map();
  for (const line of readFileSync(fixture(file), 'latin1').split('\n').slice(3)) {
    const [cycle, charge, discharge] = line.split(',');
    if (cycle !== undefined && /^\d+$/.test(cycle))
      own.set(Number(cycle), [Number(charge), Number(discharge)]);
  }
  return own;
}

/** A workbook sheet's rows by its header names. */
async function sheet(file: string, name: RegExp): Promise<Record<string, string>[]> {
  const archive = await ZipArchive.open(readFileSync(fixture(file)), file);
  try {
    const book = await readXlsxWorkbook(archive);
    const found = book.sheets.find((s) => name.test(s.name));
    if (found === undefined) throw new Error(`${file}: no sheet ${name}`);
    const rows: string[][] = [];
    for await (const batch of sheetRows(book, found)) rows.push(...batch.map((r) => [...r.fields]));
    const [header = [], ...data] = rows;
    return data.map((fields) => Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])));
  } finally {
    archive.close();
  }
}

/** LANHE: the Cycle-Tab sheet (CapC/mAh, CapD/mAh). */
export async function lanheCycleTab(file: string): Promise<OwnCycles> {
  const own: OwnCycles = new Map();
  for (const row of await sheet(file, /^cycle/i))
    own.set(Number(row.Cycle), [Number(row['CapC/mAh']) / 1000, Number(row['CapD/mAh']) / 1000]);
  return own;
}

/** Arbin .xlsx: per Cycle_Index, the largest Charge/Discharge_Capacity(Ah) of the Channel sheet. */
export async function arbinChannelCounters(file: string): Promise<OwnCycles> {
  const own: OwnCycles = new Map();
  for (const row of await sheet(file, /^channel/i)) {
    const cycle = Number(row.Cycle_Index);
    const entry = own.get(cycle) ?? [0, 0];
    entry[0] = Math.max(entry[0], Number(row['Charge_Capacity(Ah)']));
    entry[1] = Math.max(entry[1], Number(row['Discharge_Capacity(Ah)']));
    own.set(cycle, entry);
  }
  return own;
}

/** Arbin MITS Pro CSV: the last row's Charge/Discharge Capacity (Ah), per Cycle Index. */
export function arbinCsvCounters(file: string): OwnCycles {
  const own: OwnCycles = new Map();
  const [header = '', ...rows] = readFileSync(fixture(file), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const names = header.split(',');
  const [cycleAt, chargeAt, dischargeAt] = [
    'Cycle Index',
    'Charge Capacity (Ah)',
    'Discharge Capacity (Ah)',
  ].map((n) => names.indexOf(n));
  for (const row of rows) {
    const f = row.split(',');
    own.set(Number(f[cycleAt!]), [Number(f[chargeAt!]), Number(f[dischargeAt!])]);
  }
  return own;
}

export interface FixtureExpectation {
  format: string;
  points: number;
  /** The cycler's own per-cycle figures from the same file, or, for .ndax (no summary inside), the ones stated here. */
  own: () => Promise<OwnCycles> | OwnCycles;
  /** Absolute tolerance on capacities (Ah): the file's own rounding. */
  tolerance: number;
}

/**
 * .ndax/.nda files carry no per-cycle summary; these are the cycler's record counters at each
 * cycle's end (the largest per-step value), rounded as stated.
 */
const stated = (cycles: [number, number, number][]): OwnCycles =>
  new Map(cycles.map(([c, q, d]) => [c, [q, d]]));

export const FIXTURE_FILES: Record<string, FixtureExpectation> = {
  'maccor/maccor_002.txt': {
    format: 'maccor-text',
    points: 7446,
    own: () => maccorMimsSums('maccor/maccor_002.txt'),
    tolerance: 1e-9,
  },
  'neware/nw_regular_export_ife_example.csv': {
    format: 'neware-csv',
    points: 9295,
    own: () => newareCycleRows('neware/nw_regular_export_ife_example.csv'),
    // Cycle rows print 5 decimals of Ah.
    tolerance: 5e-6,
  },
  'arbin/sample_data_arbin.csv': {
    format: 'arbin-csv',
    points: 13,
    own: () => arbinCsvCounters('arbin/sample_data_arbin.csv'),
    tolerance: 1e-12,
  },
  'arbin/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx': {
    format: 'arbin-xlsx',
    points: 4526,
    own: () => arbinChannelCounters('arbin/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx'),
    tolerance: 1e-12,
  },
  'lanhe/custom_data_002.xlsx': {
    format: 'lanhe-xlsx',
    points: 16538,
    own: () => lanheCycleTab('lanhe/custom_data_002.xlsx'),
    tolerance: 1e-9,
  },
  'neware/navani_test.ndax': {
    format: 'neware-ndax',
    points: 1464,
    own: () => stated([[1, 0.59304e-3, 0.62545e-3]]),
    tolerance: 5e-9,
  },
  'neware/navani_test.nda': {
    format: 'neware-nda',
    points: 439,
    own: () => stated([[1, 0.00069653e-3, 0.00700919e-3]]),
    tolerance: 5e-12,
  },
  'neware/nw4-120-6-1-36.ndax': {
    format: 'neware-ndax',
    points: 7257,
    own: () =>
      stated([
        [1, 4.68271e-3, 38.30239e-3],
        [2, 37.7534e-3, 37.99207e-3],
        [3, 37.85666e-3, 37.93353e-3],
        [4, 37.915e-3, 37.96222e-3],
        [5, 37.98612e-3, 38.02425e-3],
      ]),
    tolerance: 5e-9,
  },
  'maccor/maccor_001_first_3634_lines.txt': {
    format: 'maccor-text',
    points: 3630,
    own: () => maccorS4000FromSteps('maccor/maccor_001_first_3634_lines.txt'),
    tolerance: 1e-9,
  },
  'pec/Test25205.csv': {
    format: 'pec-csv',
    points: 489,
    own: () => pecCycles('pec/Test25205.csv'),
    tolerance: 1e-12,
  },
  'pec/pec_first_11411_lines.csv': {
    format: 'pec-csv',
    points: 11378,
    own: () => pecCycles('pec/pec_first_11411_lines.csv'),
    tolerance: 1e-12,
  },
  'novonix/sample_data_novonix.csv': {
    format: 'novonix-csv',
    points: 207,
    own: () => novonixCycles('novonix/sample_data_novonix.csv'),
    tolerance: 1e-12,
  },
  'novonix/test_Nova_Form-CH01-01_short.csv': {
    format: 'novonix-csv',
    points: 3942,
    own: () => novonixCycles('novonix/test_Nova_Form-CH01-01_short.csv'),
    tolerance: 1e-12,
  },
  'basytec/sample_data_basytec.txt': {
    format: 'basytec-text',
    points: 74,
    own: () => basytecCycles('basytec/sample_data_basytec.txt'),
    tolerance: 1e-15,
  },
  'biologic/Sample_data_biologic_timestamped.txt': {
    format: 'biologic-text',
    points: 8,
    own: () => biologicCycles('biologic/Sample_data_biologic_timestamped.txt'),
    tolerance: 1e-15,
  },
  'arbin/20160805_test001_45_cc_01.res': {
    format: 'arbin-res',
    points: 10261,
    own: () => arbinResCycles('arbin/20160805_test001_45_cc_01.res'),
    tolerance: 1e-15,
  },
  'constructed/batteryarchive_timeseries.csv': {
    format: 'batteryarchive-timeseries',
    points: 3635,
    own: () => batteryArchiveCycles('constructed/batteryarchive_timeseries.csv'),
    tolerance: 1e-15,
  },
  'constructed/batteryarchive_cycle_data.csv': {
    format: 'batteryarchive-cycles',
    points: 0,
    own: () => batteryArchiveCycleData('constructed/batteryarchive_cycle_data.csv'),
    tolerance: 1e-15,
  },
};
