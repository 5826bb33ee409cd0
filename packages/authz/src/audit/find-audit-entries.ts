import type { Subject } from '../checks/subject.ts';
import type { AuthzContext } from '../context.ts';
import { type AuditEntry, toAuditEntry } from './audit-entry.ts';
import { auditVisibleTo } from './audit-visibility.ts';

export interface AuditFilter {
  readonly actorId?: number;
  readonly targetType?: string;
  readonly targetId?: number;
  readonly action?: string;
  /** Inclusive lower bound. */
  readonly since?: Date;
  /** Exclusive upper bound. */
  readonly until?: Date;
  /** Keyset cursor: entries older than this id. */
  readonly beforeId?: number;
  readonly limit: number;
  /** Only entries this reader may see (see `auditVisibleTo`); omit for the whole log (the system). */
  readonly visibleTo?: Subject;
}

/** A page of the audit log, newest first; `nextBeforeId` continues it (null on the last page). */
export async function findAuditEntries(
  ctx: AuthzContext,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null }> {
  let query = ctx.db.selectFrom('authz_audit_log').selectAll();
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.targetType !== undefined) query = query.where('target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since.getTime());
  if (filter.until !== undefined) query = query.where('at', '<', filter.until.getTime());
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  if (filter.visibleTo !== undefined) query = query.where(await auditVisibleTo(ctx, filter.visibleTo));
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const entries = rows.slice(0, filter.limit).map(toAuditEntry);
  const more = rows.length > filter.limit;
  return { entries, nextBeforeId: more ? (entries.at(-1)?.id ?? null) : null };
}
