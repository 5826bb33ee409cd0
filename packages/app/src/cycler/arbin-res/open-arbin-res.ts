import MDBReader from 'mdb-reader';
import { CyclerParseError } from '../cycler-parse-error.ts';
import type { CyclerPoint } from '../cycler-types.ts';
import { ARBIN_COLUMNS } from '../formats/arbin-csv.ts';
import { ColumnMapper } from '../mapping/row-mapper.ts';
import type { ParseStats, TimeSeriesFile } from '../parsed-cycler-file.ts';
import { CellReader, type Row } from '../tabular/cell-reader.ts';
import { HeaderColumns } from '../tabular/header-columns.ts';
import { parseDateTimeMs } from '../tabular/duration.ts';
import { countedBatches } from '../tabular/map-batches.ts';

/** The samples table of an Arbin MITS Pro .res (an MS Access / Jet database). */
const SAMPLES = 'Channel_Normal_Table';
const GLOBAL = 'Global_Table';
/** Global_Table fields kept as metadata (the rest are logging flags and counts). */
const GLOBAL_KEYS = [
  'Test_Name',
  'Start_DateTime',
  'Schedule_File_Name',
  'Creator',
  'Comments',
  'Channel_Number',
  'Software_Version',
  'Serial_Number',
  'MASS',
  'Capacity',
];

/** Jet 3/4 ("Standard Jet DB") and ACE ("Standard ACE DB") databases start with these bytes. */
export function isAccessDatabase(head: Uint8Array): boolean {
  const tag = Buffer.from(head.subarray(4, 19)).toString('latin1');
  return head[0] === 0 && head[1] === 1 && (tag === 'Standard Jet DB' || tag === 'Standard ACE DB');
}

/**
 * Opens an Arbin .res file (cellpy testdata 20160805_test001_45_cc_01.res): a Jet database read
 * with mdb-reader (pure JavaScript), whose Channel_Normal_Table has the columns of Arbin's CSV
 * (Test_Time s, Current A, Voltage V, Charge/Discharge_Capacity Ah per cycle…), so the same
 * ColumnMap and mapper read it. Rows are read a page at a time, in Data_Point order as stored.
 */
export function openArbinRes(
  file: Buffer,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): TimeSeriesFile {
  let reader: MDBReader;
  try {
    reader = new MDBReader(file);
  } catch (error) {
    throw damaged(error);
  }
  const tables = reader.getTableNames();
  if (!tables.includes(SAMPLES)) {
    throw new CyclerParseError(
      `This Access database has no "${SAMPLES}" table, so it is not an Arbin .res file ` +
        `(its tables: ${tables.slice(0, 20).join(', ')}).`,
      { reason: 'unrecognised-format' },
    );
  }
  const table = reader.getTable(SAMPLES);
  const names = table.getColumnNames();
  const columns = new HeaderColumns(names, 0);
  const mapper = new ColumnMapper(ARBIN_COLUMNS, columns, new CellReader({ decimalComma: false }));
  const metadata: Record<string, string> = {};
  if (tables.includes(GLOBAL)) {
    const [global] = reader.getTable(GLOBAL).getData({ rowLimit: 1 });
    for (const key of GLOBAL_KEYS) {
      let value = cell(global?.[key]).trim().slice(0, 500);
      // Start_DateTime is an OLE automation date (days since 1899-12-30), local time without a zone.
      const ms = key === 'Start_DateTime' ? parseDateTimeMs(value) : undefined;
      if (ms !== undefined) value = new Date(ms).toISOString().replace('Z', '');
      if (value !== '') metadata[`arbin.${key}`] = value;
    }
  }
  if (table.rowCount === 0) {
    throw new CyclerParseError(`The .res file's ${SAMPLES} has no rows.`, { reason: 'no-data' });
  }

  function* points(): Generator<CyclerPoint[]> {
    for (let offset = 0; offset < table.rowCount; offset += options.batchSize) {
      let page: Record<string, unknown>[];
      try {
        page = table.getData({ rowOffset: offset, rowLimit: options.batchSize });
      } catch (error) {
        throw damaged(error);
      }
      const batch: CyclerPoint[] = [];
      for (const [i, record] of page.entries()) {
        // Row "lines" are 1-based record numbers, so a bad value is located in the table.
        const row: Row = { line: offset + i + 1, fields: names.map((n) => cell(record[n])) };
        const point = mapper.map(row);
        if (point !== null) batch.push(point);
      }
      yield batch;
    }
  }
  return {
    kind: 'time-series',
    format: 'arbin-res',
    metadata,
    stats,
    batches: countedBatches(points(), stats, options.report),
  };
}

/** mdb-reader's error for a cut or damaged database ("Page 367 does not exist"), in our words. */
function damaged(error: unknown): CyclerParseError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CyclerParseError(
    `This Access database (.res) could not be read: ${detail.replace(/\.$/, '')} — is the file cut short or damaged?`,
    { reason: 'damaged-container' },
  );
}

/** A database value as the text a CSV cell would hold (binary columns are not samples: empty). */
function cell(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return '';
}
