import type { AuthzContext } from '../context.ts';
import { retryOnConflict } from '../db/conflict-retry.ts';

/**
 * Runs `fn` in a transaction: the caller's, when `ctx` is already bound to one, else a new one
 * — run again whole should it deadlock with a concurrent one (db/conflict-retry.ts), so `fn`
 * must act on nothing but the database.
 */
export function withTransaction<T>(ctx: AuthzContext, fn: (ctx: AuthzContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return retryOnConflict(() => ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx })));
}
