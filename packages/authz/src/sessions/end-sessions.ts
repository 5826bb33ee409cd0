import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { hashSecret, isSecretShaped } from './secrets.ts';

/** Ends the session of this token (sign-out). Unknown tokens are ignored: sign-out is idempotent. */
export async function endSession(ctx: AuthzContext, token: string): Promise<void> {
  if (!isSecretShaped(token)) return;
  await authzWrite(ctx, ({ db }) =>
    db.deleteFrom('authz_session').where('token_hash', '=', hashSecret(token)).execute(),
  );
}

/**
 * Ends every session of a user (password change, deactivation), optionally but one.
 * Returns how many were ended.
 */
export async function endUserSessions(
  ctx: AuthzContext,
  userId: number,
  options: { except?: number } = {},
): Promise<number> {
  return authzWrite(ctx, async ({ db }) => {
    let query = db.deleteFrom('authz_session').where('user_id', '=', userId);
    if (options.except !== undefined) query = query.where('id', '!=', options.except);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
