import type { AuthzContext } from '../context.ts';
import { bumpGeneration } from '../context.ts';
import { bumpStoredGeneration } from './stored-generation.ts';

/**
 * Runs one authorization write — roles, memberships, model permissions, flags, passwords,
 * sessions and tokens ended, grants — with the stored generation bumped in the same transaction
 * (the caller's when `ctx` is bound to one, else a new one), then this kit instance's own
 * generation (the per-request memos of loaded Subjects). A write that fails bumps nothing.
 */
export async function authzWrite<T>(ctx: AuthzContext, write: (tx: AuthzContext) => Promise<T>): Promise<T> {
  const run = async (tx: AuthzContext): Promise<T> => {
    const result = await write(tx);
    await bumpStoredGeneration(tx.db);
    return result;
  };
  const result = ctx.db.isTransaction
    ? await run(ctx)
    : await ctx.db.transaction().execute((trx) => run({ ...ctx, db: trx }));
  bumpGeneration(ctx);
  return result;
}
