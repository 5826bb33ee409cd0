import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type CellFileItem, type CellItem, toCellItem } from './cell-json.ts';

interface FileRange {
  id: number;
  cell_id: number | null;
  file_name: string;
  cell_position: number | null;
  cycle_count: number;
  first: number | null;
  last: number | null;
}

/**
 * The complete files of an experiment with their own first and last cycle numbers, in each
 * cell's order (position, then upload order).
 */
async function fileRanges(db: Kysely<Database>, experimentId: number): Promise<FileRange[]> {
  const rows = await db
    .selectFrom('data_file')
    .leftJoin('cycle_summary', (join) =>
      join
        .onRef('cycle_summary.experiment_id', '=', 'data_file.experiment_id')
        .onRef('cycle_summary.file_id', '=', 'data_file.id'),
    )
    .select((eb) => [
      'data_file.id',
      'data_file.cell_id',
      'data_file.file_name',
      'data_file.cell_position',
      'data_file.cycle_count',
      eb.fn.min('cycle_summary.cycle').as('first'),
      eb.fn.max('cycle_summary.cycle').as('last'),
    ])
    .where('data_file.experiment_id', '=', experimentId)
    .where('data_file.status', '=', 'complete')
    .groupBy([
      'data_file.id',
      'data_file.cell_id',
      'data_file.file_name',
      'data_file.cell_position',
      'data_file.cycle_count',
    ])
    .orderBy('data_file.cell_position')
    .orderBy('data_file.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    first: r.first === null ? null : Number(r.first),
    last: r.last === null ? null : Number(r.last),
  }));
}

/**
 * A cell's cycles continue across its files: each file's first cycle follows the previous
 * file's last (a formation file's cycles 1–3, then a cycling file's 1–100 as 4–103). The
 * offsets are computed here, when read; stored cycle numbers stay the file's own.
 */
export function continueCycles(files: readonly FileRange[]): CellFileItem[] {
  let previousLast: number | null = null;
  return files.map((f, i) => {
    const offset = f.first === null || previousLast === null ? 0 : previousLast + 1 - f.first;
    if (f.last !== null) previousLast = f.last + offset;
    return {
      id: f.id,
      fileName: f.file_name,
      position: i + 1,
      cycles: Number(f.cycle_count),
      firstCellCycle: f.first === null ? null : f.first + offset,
      lastCellCycle: f.last === null ? null : f.last + offset,
      cycleOffset: offset,
    };
  });
}

/** The cells of an experiment in their order, each with its files. The caller decided visibility. */
export async function findCells(db: Kysely<Database>, experimentId: number): Promise<CellItem[]> {
  const experiment = await db
    .selectFrom('experiment')
    .select(['cathode_material', 'anode_material', 'cell_format', 'nominal_capacity_mah', 'temperature_c'])
    .where('id', '=', experimentId)
    .executeTakeFirst();
  if (!experiment) return [];
  const [cells, files] = await Promise.all([
    db
      .selectFrom('cell')
      .selectAll()
      .where('experiment_id', '=', experimentId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    fileRanges(db, experimentId),
  ]);
  return cells.map((cell) =>
    toCellItem(cell, experiment, continueCycles(files.filter((f) => f.cell_id === cell.id))),
  );
}

/** One cell of one experiment, or null (a cell of another experiment is not found either). */
export async function getCell(
  db: Kysely<Database>,
  experimentId: number,
  cellId: number,
): Promise<CellItem | null> {
  return (await findCells(db, experimentId)).find((c) => c.id === cellId) ?? null;
}
