import { AuthzError } from '@batterydb/authz';
import type { Kysely, Selectable } from 'kysely';
import { headerSignature } from '../cycler/mapping/header-signature.ts';
import type { ColumnMapping, SavedColumnMapping } from '../cycler/mapping/user-mapping.ts';
import type { ColumnMappingTable, Database } from '../db/schema.ts';

/** A saved column mapping as the API shows it. */
export interface ColumnMappingItem {
  id: number;
  name: string;
  /** The column names of the file it was made on; later files with the same names use it. */
  columns: string[];
  mapping: ColumnMapping;
  createdBy: number | null;
  createdAt: number;
}

function toItem(row: Selectable<ColumnMappingTable>): ColumnMappingItem {
  return {
    id: Number(row.id),
    name: row.name,
    columns: JSON.parse(row.columns) as string[],
    mapping: JSON.parse(row.mapping) as ColumnMapping,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}

/** Every saved mapping, by name (a lab has a handful: one per program that writes CSVs). */
export async function listColumnMappings(db: Kysely<Database>): Promise<ColumnMappingItem[]> {
  const rows = await db.selectFrom('column_mapping').selectAll().orderBy('name').execute();
  return rows.map(toItem);
}

/** One mapping by its id or its name. */
export async function getColumnMapping(
  db: Kysely<Database>,
  key: { id: number } | { name: string },
): Promise<ColumnMappingItem | undefined> {
  const row = await db
    .selectFrom('column_mapping')
    .selectAll()
    .where((eb) => ('id' in key ? eb('id', '=', key.id) : eb('name', '=', key.name)))
    .executeTakeFirst();
  return row === undefined ? undefined : toItem(row);
}

/** What the parser needs of a saved mapping. */
export function savedMapping(item: ColumnMappingItem): SavedColumnMapping {
  return { name: item.name, signature: headerSignature(item.columns), mapping: item.mapping };
}

/** The newest mapping made for these column names: what a later file in that layout is read with. */
export async function mappingForSignature(
  db: Kysely<Database>,
  signature: string,
): Promise<SavedColumnMapping | undefined> {
  const row = await db
    .selectFrom('column_mapping')
    .selectAll()
    .where('signature', '=', signature)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row === undefined ? undefined : savedMapping(toItem(row));
}

/**
 * Saves a checked mapping under a name no other mapping has (409 naming the field otherwise).
 * `after` runs in the same transaction (the audit entry).
 */
export async function createColumnMapping(
  db: Kysely<Database>,
  input: {
    name: string;
    columns: readonly string[];
    mapping: ColumnMapping;
    userId: number | null;
    now: number;
  },
  after: (trx: Kysely<Database>, id: number) => Promise<void>,
): Promise<ColumnMappingItem> {
  const id = await db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('column_mapping')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (taken !== undefined)
      throw new AuthzError(
        'CONFLICT',
        `a column mapping named "${input.name}" exists: choose another name`,
        'name',
      );
    const row = await trx
      .insertInto('column_mapping')
      .values({
        name: input.name,
        signature: headerSignature(input.columns),
        columns: JSON.stringify(input.columns),
        mapping: JSON.stringify(input.mapping),
        created_by: input.userId,
        created_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await after(trx, Number(row.id));
    return Number(row.id);
  });
  return (await getColumnMapping(db, { id }))!;
}

/** Deletes a mapping; files imported with it keep their data (it is only read at import). */
export async function deleteColumnMapping(
  db: Kysely<Database>,
  id: number,
  after: (trx: Kysely<Database>, item: ColumnMappingItem) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await getColumnMapping(trx, { id });
    if (item === undefined) throw new AuthzError('NOT_FOUND', `column mapping ${id} was not found`, 'id');
    await trx.deleteFrom('column_mapping').where('id', '=', id).execute();
    await after(trx, item);
  });
}
