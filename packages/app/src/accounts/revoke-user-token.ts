import { accountViewOf, AuthzError, mayActOnAccount, requirePerms, type Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { loadAccount } from './admin-call.ts';

/**
 * Staff revoke another account's API token (SPEC §5: a token left on a shared PC): allowed to
 * whoever may change that account under SPEC §4 (`auth.change_user`, and an account holding
 * nothing the actor lacks), decided in the transaction that revokes. The kit's own entry
 * (`token.revoke`, with the token's scope) is joined by one naming the staff member who did it.
 * A token of another account is not found, as an unknown one is.
 */
export async function revokeUserToken(
  authz: AppAuthz,
  actorSubject: Subject,
  targetId: number,
  tokenId: number,
  clientAddress: string | null,
): Promise<void> {
  const actor = accountViewOf(actorSubject);
  await authz.db.transaction().execute(async (trx) => {
    const tx = authz.withTransaction(trx);
    const target = await loadAccount(tx, targetId, actor.id);
    const mayChange = requirePerms(actor, 'auth.change_user');
    const decision = mayChange.allowed ? mayActOnAccount(actor, target) : mayChange;
    if (!decision.allowed) throw new AuthzError('FORBIDDEN', decision.message, 'id');
    if (!(await tx.revokeApiToken(targetId, tokenId, clientAddress)))
      throw new AuthzError('NOT_FOUND', `token ${tokenId} of user ${targetId} does not exist`, 'tokenId');
    await tx.recordAudit({
      actorId: actor.id,
      action: 'token.revoke-by-staff',
      target: { type: 'auth.user', id: targetId },
      before: { tokenId },
      after: null,
      clientAddress,
    });
  });
}
