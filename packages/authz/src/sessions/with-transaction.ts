import type { AuthzContext } from '../context.ts';

/** Runs `fn` in a transaction: the caller's, when `ctx` is already bound to one, else a new one. */
export function withTransaction<T>(ctx: AuthzContext, fn: (ctx: AuthzContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}
