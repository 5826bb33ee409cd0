import type { AuthzBase } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ExperimentRow } from './get-experiment.ts';

/**
 * An audit entry about one experiment (SPEC §5: status changes, publication, deletions and
 * uploads are audit-worthy). Give it the kit bound to the transaction that makes the change, so
 * the entry commits or rolls back with it. Readers see it only while they may view the
 * experiment (the kit's `auditVisibleTo`).
 */
export function recordExperimentAudit(
  tx: AuthzBase,
  entry: { actorId: number | null; action: string; experimentId: number; before: unknown; after: unknown },
  clientAddress: string | null = null,
): Promise<void> {
  return tx.recordAudit({
    actorId: entry.actorId,
    action: entry.action,
    target: { type: 'batterydb.experiment', id: entry.experimentId },
    before: entry.before,
    after: entry.after,
    clientAddress,
  });
}

/**
 * What a deletion takes away, for its audit entry: the experiment's fields and the files (with
 * their checksums and sizes) whose data goes with it.
 */
export async function deletionSnapshot(db: Kysely<Database>, row: ExperimentRow) {
  const files = await db
    .selectFrom('data_file')
    .select(['id', 'file_name', 'format', 'size_bytes', 'sha256', 'point_count'])
    .where('experiment_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    title: row.title,
    status: row.status,
    owner: { id: row.owner_id, username: row.owner_username },
    createdAt: new Date(Number(row.created_at)).toISOString(),
    files: files.map((f) => ({
      id: f.id,
      fileName: f.file_name,
      format: f.format,
      sizeBytes: Number(f.size_bytes),
      sha256: f.sha256,
      points: Number(f.point_count),
    })),
  };
}
