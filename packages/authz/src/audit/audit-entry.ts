import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../schema/accounts-tables.ts';

/** What changed, on what: `target.type` is e.g. 'auth.user', 'auth.group' or a registered model. */
export interface AuditTarget {
  readonly type: string;
  readonly id: number | null;
}

/** One entry to record. `before`/`after` are JSON-serialisable snapshots of what changed. */
export interface AuditInput {
  /** Null for the system (migrations, command line). */
  readonly actorId: number | null;
  /** A stable dotted name, e.g. 'user.update', 'user.groups', 'group.permissions', 'grant.add'. */
  readonly action: string;
  readonly target: AuditTarget;
  readonly before: unknown;
  readonly after: unknown;
  readonly clientAddress?: string | null;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly actorId: number | null;
  readonly action: string;
  readonly target: AuditTarget;
  readonly before: unknown;
  readonly after: unknown;
  readonly clientAddress: string | null;
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: new Date(Number(row.at)),
    actorId: row.actor_id,
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    before: parse(row.before_json),
    after: parse(row.after_json),
    clientAddress: row.client_address,
  };
}
