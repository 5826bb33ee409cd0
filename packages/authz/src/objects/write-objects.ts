import type { Expression, SqlBool } from 'kysely';
import { type AuthzContext, bumpGeneration, type HookRegistry, type ContextHooks } from '../context.ts';
import { objectDb, type ObjectRow } from '../grants/grant-db.ts';
import type { ObjectPolicy } from './define-policy.ts';

type Values = Record<string, unknown>;

function hooksFor(hooks: HookRegistry, policy: ObjectPolicy): readonly ContextHooks[] {
  return hooks.get(policy.key) ?? [];
}

/** Runs `fn` in the caller's transaction, or in a new one. */
async function inTransaction<T>(ctx: AuthzContext, fn: (tx: AuthzContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

async function runHooks(
  tx: AuthzContext,
  policy: ObjectPolicy,
  kind: keyof ContextHooks,
  rows: readonly ObjectRow[],
): Promise<void> {
  if (rows.length === 0) return;
  for (const hooks of hooksFor(tx.hooks, policy)) await hooks[kind]?.(tx, rows);
}

// SQLite's limit on bound parameters; rows are inserted in chunks below it.
const MAX_PARAMS = 30_000;

/** Inserts objects (one or a batch) and runs after-create hooks in the same transaction. */
export async function createObjects(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  values: readonly Values[],
): Promise<ObjectRow[]> {
  if (values.length === 0) return [];
  const perRow = Math.max(1, Object.keys(values[0]!).length);
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  const created = await inTransaction(ctx, async (tx) => {
    const rows: ObjectRow[] = [];
    for (let i = 0; i < values.length; i += chunk) {
      const part = await objectDb(tx)
        .insertInto(policy.table)
        .values(values.slice(i, i + chunk))
        .returningAll()
        .execute();
      rows.push(...(part as ObjectRow[]));
    }
    await runHooks(tx, policy, 'afterCreate', rows);
    return rows;
  });
  bumpGeneration(ctx);
  return created;
}

/**
 * Updates every object matching `where` (single or bulk: the same path) and runs after-update
 * hooks with the new rows. Rows are only read back when a hook wants them, so a bulk update
 * with no hooks is one statement. Returns the number of rows changed.
 */
export async function updateObjects(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  where: Expression<SqlBool>,
  set: Values,
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const query = objectDb(tx).updateTable(policy.table).set(set).where(where);
    if (hooksFor(tx.hooks, policy).every((h) => !h.afterUpdate))
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    const rows = (await query.returningAll().execute()) as ObjectRow[];
    await runHooks(tx, policy, 'afterUpdate', rows);
    return rows.length;
  });
}

/** Deletes objects; their grants go by ON DELETE CASCADE in the same statement. Returns the rows deleted. */
export async function deleteObjects(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  where: Expression<SqlBool>,
): Promise<ObjectRow[]> {
  const deleted = await inTransaction(ctx, async (tx) => {
    const rows = (await objectDb(tx)
      .deleteFrom(policy.table)
      .where(where)
      .returningAll()
      .execute()) as ObjectRow[];
    await runHooks(tx, policy, 'afterDelete', rows);
    return rows;
  });
  // A Subject's memoised grants may name a deleted id that a new object could reuse.
  bumpGeneration(ctx);
  return deleted;
}
