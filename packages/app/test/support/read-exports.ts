/**
 * Reads exports back with tools that are not BatteryDB's: read-excel-file (a workbook reader of
 * its own), hyparquet (a Parquet reader), csv-parse. A test that only read our bytes with our
 * own code would agree with any mistake the writer made.
 */
import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import readXlsxFile from 'read-excel-file/node';

export type Row = Record<string, unknown>;

/** CSV text → one object per record, numbers left as text (the reader decides). */
export function readCsv(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true });
}

/** Every sheet of a workbook: its name and its rows as arrays. */
export async function readWorkbook(bytes: Buffer): Promise<{ sheet: string; data: unknown[][] }[]> {
  return readXlsxFile(bytes);
}

/** A sheet's rows as objects keyed by its first row. */
export function sheetObjects(data: unknown[][]): Row[] {
  const [header = [], ...rows] = data;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i] ?? null])));
}

/** A Parquet file's rows, schema (name → physical type), codecs and key-value metadata. */
export async function readParquet(bytes: Buffer): Promise<{
  rows: Row[];
  types: Record<string, string | undefined>;
  codecs: Set<string>;
  metadata: Record<string, string | undefined>;
  rowGroups: number;
}> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  const rows = (await parquetReadObjects({ file })) as Row[];
  return {
    rows,
    types: Object.fromEntries(meta.schema.slice(1).map((s) => [s.name, s.type])),
    codecs: new Set(meta.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? ''))),
    metadata: Object.fromEntries((meta.key_value_metadata ?? []).map((kv) => [kv.key, kv.value])),
    rowGroups: meta.row_groups.length,
  };
}
