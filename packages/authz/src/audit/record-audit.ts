import type { AuthzContext } from '../context.ts';
import type { AuditInput } from './audit-entry.ts';

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * Writes one audit entry with `ctx`'s handle. Give it the context of the transaction that
 * makes the change, so the entry and the change commit or roll back together: a change is
 * never unrecorded, and a rolled-back change leaves no entry.
 *
 * @example
 * await authz.transaction(async (tx) => {
 *   await tx.addMember(groupId, userId);
 *   await recordAudit(tx.ctx, { actorId, action: 'user.groups', target: { type: 'auth.user', id: userId }, before, after });
 * });
 */
export async function recordAudit(ctx: AuthzContext, entry: AuditInput): Promise<void> {
  await ctx.db
    .insertInto('authz_audit_log')
    .values({
      at: ctx.now(),
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      before_json: json(entry.before),
      after_json: json(entry.after),
      client_address: entry.clientAddress?.slice(0, 64) ?? null,
    })
    .execute();
}
