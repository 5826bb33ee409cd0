import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';

export interface EndedCredentials {
  readonly sessions: number;
  readonly apiTokens: number;
}

/**
 * Ends what signs a user in: every session (but `exceptSessionId`, the one the user is changing
 * their password from) and every API token (unless `keepApiTokens`). Deleting the token rows —
 * not just refusing them while the account is inactive — is what makes a token issued before a
 * deactivation or a password change never work again, even after reactivation (SPEC §5).
 */
export async function endUserCredentials(
  ctx: AuthzContext,
  userId: number,
  options: { keepApiTokens?: boolean; exceptSessionId?: number } = {},
): Promise<EndedCredentials> {
  return authzWrite(ctx, async ({ db }) => {
    let sessions = db.deleteFrom('authz_session').where('user_id', '=', userId);
    if (options.exceptSessionId !== undefined) sessions = sessions.where('id', '!=', options.exceptSessionId);
    const ended = await sessions.executeTakeFirst();
    const tokens = options.keepApiTokens
      ? { numDeletedRows: 0n }
      : await db.deleteFrom('authz_api_token').where('user_id', '=', userId).executeTakeFirst();
    return { sessions: Number(ended.numDeletedRows), apiTokens: Number(tokens.numDeletedRows) };
  });
}
