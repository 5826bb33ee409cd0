import { AuthzError } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cellColumns } from './cell-fields.ts';

const notFound = (cellId: number, field = 'cellId') =>
  new AuthzError('NOT_FOUND', `cell ${cellId} was not found`, field);

/** A cell's label from an uploaded file's name: the name without its extension. */
export function labelFromFileName(fileName: string): string {
  return fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 100) || 'Cell';
}

async function nextPosition(db: Kysely<Database>, experimentId: number): Promise<number> {
  const top = await db
    .selectFrom('cell')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('experiment_id', '=', experimentId)
    .executeTakeFirst();
  return Number(top?.p ?? 0) + 1;
}

/**
 * A new cell, last in the experiment's order. Without an active mass of its own it starts with
 * the experiment's (as the migration gave every existing file's cell): the mAh/g the experiment's
 * mass gave before cells stays. The caller has decided that the user may change the experiment.
 * Returns its id.
 */
export async function createCell(
  db: Kysely<Database>,
  experimentId: number,
  body: Record<string, unknown>,
  now: number,
): Promise<number> {
  const columns = cellColumns(body);
  if (typeof columns.label !== 'string') throw new AuthzError('INVALID_INPUT', 'label is required', 'label');
  if (columns.active_mass_mg === undefined) {
    const experiment = await db
      .selectFrom('experiment')
      .select('active_mass_mg')
      .where('id', '=', experimentId)
      .executeTakeFirst();
    columns.active_mass_mg = experiment?.active_mass_mg ?? null;
  }
  const row = await db
    .insertInto('cell')
    .values({
      cycler: '',
      channel: '',
      notes: '',
      ...columns,
      experiment_id: experimentId,
      label: columns.label,
      position: await nextPosition(db, experimentId),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes the fields given; a cell of another experiment is not found. */
export async function updateCell(
  db: Kysely<Database>,
  experimentId: number,
  cellId: number,
  body: Record<string, unknown>,
  now: number,
): Promise<void> {
  const existing = await db
    .selectFrom('cell')
    .select(['voltage_min_v', 'voltage_max_v'])
    .where('experiment_id', '=', experimentId)
    .where('id', '=', cellId)
    .executeTakeFirst();
  if (!existing) throw notFound(cellId, 'id');
  const columns = cellColumns(body, existing);
  await db
    .updateTable('cell')
    .set({ ...columns, updated_at: now })
    .where('id', '=', cellId)
    .execute();
}

/** Deletes an empty cell: a cell with files keeps them (move or delete them first), 409. */
export async function deleteCell(db: Kysely<Database>, experimentId: number, cellId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const cell = await trx
      .selectFrom('cell')
      .select('id')
      .where('experiment_id', '=', experimentId)
      .where('id', '=', cellId)
      .executeTakeFirst();
    if (!cell) throw notFound(cellId, 'id');
    const file = await trx
      .selectFrom('data_file')
      .select('id')
      .where('cell_id', '=', cellId)
      .executeTakeFirst();
    if (file)
      throw new AuthzError(
        'CONFLICT',
        `cell ${cellId} still has files: move them to another cell or delete them first`,
        'id',
      );
    await trx.deleteFrom('cell').where('id', '=', cellId).execute();
  });
}

/**
 * The cell an upload's file goes into: the one chosen (of this experiment), or a new one named
 * after the file. Returns the cell and the file's position in it (after its other files).
 */
export async function cellForUpload(
  db: Kysely<Database>,
  experimentId: number,
  cellId: number | null,
  fileName: string,
  now: number,
): Promise<{ cellId: number; position: number; created: boolean }> {
  if (cellId === null) {
    const id = await createCell(db, experimentId, { label: labelFromFileName(fileName) }, now);
    return { cellId: id, position: 1, created: true };
  }
  const cell = await db
    .selectFrom('cell')
    .select('id')
    .where('experiment_id', '=', experimentId)
    .where('id', '=', cellId)
    .executeTakeFirst();
  if (!cell) throw notFound(cellId);
  return { cellId, position: await nextFilePosition(db, cellId), created: false };
}

async function nextFilePosition(db: Kysely<Database>, cellId: number): Promise<number> {
  const top = await db
    .selectFrom('data_file')
    .select((eb) => eb.fn.max('cell_position').as('p'))
    .where('cell_id', '=', cellId)
    .executeTakeFirst();
  return Number(top?.p ?? 0) + 1;
}

/** Removes a cell an upload made, when the upload failed and left it without files. */
export async function removeIfEmpty(db: Kysely<Database>, cellId: number): Promise<void> {
  await db
    .deleteFrom('cell')
    .where('id', '=', cellId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('data_file').select('id').where('cell_id', '=', cellId))))
    .execute();
}

/**
 * Moves a file to a cell of the same experiment, at `position` among its files (last when not
 * given); the other files of both cells keep their order. Returns the cell it left.
 */
export async function moveFile(
  db: Kysely<Database>,
  experimentId: number,
  fileId: number,
  target: { cellId: number; position?: number },
): Promise<{ from: number | null }> {
  return db.transaction().execute(async (trx) => {
    const file = await trx
      .selectFrom('data_file')
      .select(['id', 'cell_id'])
      .where('experiment_id', '=', experimentId)
      .where('id', '=', fileId)
      .where('status', '=', 'complete')
      .executeTakeFirst();
    if (!file) throw new AuthzError('NOT_FOUND', `file ${fileId} was not found`, 'fileId');
    const cell = await trx
      .selectFrom('cell')
      .select('id')
      .where('experiment_id', '=', experimentId)
      .where('id', '=', target.cellId)
      .executeTakeFirst();
    if (!cell) throw notFound(target.cellId);
    const others = await trx
      .selectFrom('data_file')
      .select('id')
      .where('cell_id', '=', target.cellId)
      .where('id', '!=', fileId)
      .orderBy('cell_position')
      .orderBy('id')
      .execute();
    const at = Math.min(Math.max(1, target.position ?? others.length + 1), others.length + 1);
    const order = others.map((o) => o.id);
    order.splice(at - 1, 0, fileId);
    await trx.updateTable('data_file').set({ cell_id: target.cellId }).where('id', '=', fileId).execute();
    for (const [i, id] of order.entries())
      await trx
        .updateTable('data_file')
        .set({ cell_position: i + 1 })
        .where('id', '=', id)
        .execute();
    if (file.cell_id !== null && file.cell_id !== target.cellId) await renumber(trx, file.cell_id);
    return { from: file.cell_id };
  });
}

/** Positions 1…n again after a file left a cell. */
async function renumber(db: Kysely<Database>, cellId: number): Promise<void> {
  const files = await db
    .selectFrom('data_file')
    .select('id')
    .where('cell_id', '=', cellId)
    .orderBy('cell_position')
    .orderBy('id')
    .execute();
  for (const [i, f] of files.entries())
    await db
      .updateTable('data_file')
      .set({ cell_position: i + 1 })
      .where('id', '=', f.id)
      .execute();
}
