import { AuthzError, mayRemoveSecondFactor } from '@batterydb/authz';
import { type AdminCall, ensure, inAdminTransaction, loadAccount } from './admin-call.ts';

/**
 * Removes another user's second factor (issue 27): only if the actor may change that user under
 * SPEC §4 (`mayRemoveSecondFactor`, decided in the transaction that removes it); audited by the
 * kit's `removeSecondFactor` (`user.second_factor_remove`, actor = the staff member).
 */
export function removeAccountSecondFactor(call: AdminCall, userId: number): Promise<void> {
  return inAdminTransaction(call, async (tx, actor) => {
    const target = await loadAccount(tx, userId, call.actorId);
    ensure(mayRemoveSecondFactor(actor, target));
    const removed = await tx.removeSecondFactor(userId, {
      actorId: call.actorId,
      clientAddress: call.clientAddress,
    });
    if (!removed) throw new AuthzError('CONFLICT', 'the account has no second factor', 'secondFactor');
  });
}
