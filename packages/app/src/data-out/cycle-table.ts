import { cycleColumns, cycleRows } from './cycle-columns.ts';
import { type CycleGroup, DETAILS } from './cycle-groups.ts';
import { csvLine } from './csv-line.ts';
import { parquetStream } from './parquet-stream.ts';
import { type Sheet, type SheetValue, uniqueSheetName, xlsxStream } from './xlsx-stream.ts';

/** The per-cycle table's file formats (JSON stays the API's own `{ items }`). */
export const CYCLE_TABLE_FORMATS = ['csv', 'xlsx', 'parquet'] as const;
export type CycleTableFormat = (typeof CYCLE_TABLE_FORMATS)[number];

export const CONTENT_TYPES: Record<CycleTableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
};

/** What the table is of: written into the XLSX metadata sheet and the Parquet key-value metadata. */
export interface TableSubject {
  experimentId: number;
  title: string;
  exportedAt: Date;
}

/**
 * The per-cycle table of these groups in one format, as a stream of bytes. CSV and Parquet are
 * one table with the group's id and name first (a notebook filters or pivots on them); XLSX
 * has a sheet per group plus a `metadata` sheet (experiment, groups with their mass, what each
 * column means, the source files with their SHA-256).
 */
export function cycleTable(
  format: CycleTableFormat,
  subject: TableSubject,
  groups: readonly CycleGroup[],
): Iterable<string> | AsyncIterable<Uint8Array> {
  if (format === 'xlsx') return xlsxStream(workbookSheets(subject, groups));
  const columns = cycleColumns(groups, true);
  if (format === 'csv')
    return (function* () {
      yield csvLine(columns.map((c) => c.name));
      for (const row of cycleRows(groups, columns)) yield csvLine(row);
    })();
  const rows = [...cycleRows(groups, columns)];
  return parquetStream(
    columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: rows.some((r) => r[columns.indexOf(c)] === null),
    })),
    rows.length === 0 ? [] : [columns.map((_, i) => rows.map((r) => r[i] ?? null))],
    { batterydb: JSON.stringify(describe(subject, groups, columns)) },
  );
}

function describe(
  subject: TableSubject,
  groups: readonly CycleGroup[],
  columns: ReturnType<typeof cycleColumns>,
) {
  return {
    experiment: { id: subject.experimentId, title: subject.title },
    exportedAt: subject.exportedAt.toISOString(),
    groups: groups.map((g) => ({
      key: g.key,
      label: g.label,
      activeMassMg: g.activeMassMg,
      details: g.details,
      sources: g.sources,
    })),
    columns: Object.fromEntries(columns.map((c) => [c.name, c.description])),
  };
}

function* workbookSheets(subject: TableSubject, groups: readonly CycleGroup[]): Generator<Sheet> {
  const names: string[] = [];
  for (const g of groups) names.push(uniqueSheetName(g.label, [...names, 'metadata']));
  for (const [i, group] of groups.entries()) {
    const columns = cycleColumns([group], false);
    yield {
      name: names[i]!,
      freezeHeader: true,
      rows: (function* () {
        yield columns.map((c) => c.name);
        yield* cycleRows([group], columns);
      })(),
    };
  }
  yield { name: 'metadata', rows: metadataRows(subject, groups, names) };
}

function* metadataRows(
  subject: TableSubject,
  groups: readonly CycleGroup[],
  sheetNames: readonly string[],
): Generator<SheetValue[]> {
  yield ['BatteryDB per-cycle export'];
  yield ['experiment_id', subject.experimentId];
  yield ['experiment_title', subject.title];
  yield ['exported_at', subject.exportedAt.toISOString()];
  yield [];
  yield ['sheet', 'cell_id', 'cell_label', 'active_mass_mg', 'cycles', ...DETAILS];
  for (const [i, g] of groups.entries())
    yield [
      sheetNames[i]!,
      g.id,
      g.label,
      g.activeMassMg,
      g.cycles.length,
      ...DETAILS.map((k) => g.details[k] ?? null),
    ];
  yield [];
  yield ['column', 'meaning (unit)'];
  for (const c of cycleColumns(groups, true)) yield [c.name, c.description];
  yield [];
  yield ['source_file_id', 'file_name', 'format', 'sha256', 'capacity_source', 'cell_id', 'position_in_cell'];
  for (const g of groups)
    for (const [i, s] of g.sources.entries())
      yield [s.fileId, s.fileName, s.format, s.sha256, s.capacitySource, g.id, i + 1];
}
