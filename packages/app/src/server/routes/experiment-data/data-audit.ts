import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../../../authz/create-app-authz.ts';
import type { Database } from '../../../db/schema.ts';

/**
 * An audit entry about an experiment's data (SPEC §5: uploads and deletions are audited), to be
 * written in the transaction that makes the change visible: both commit, or neither.
 */
export function dataAudit(
  authz: AppAuthz,
  request: FastifyRequest,
  action:
    | 'data.upload'
    | 'data.retry'
    | 'data.delete-import'
    | 'data.delete-file'
    | 'data.cell-create'
    | 'data.cell-update'
    | 'data.cell-delete'
    | 'data.move-file',
  experimentId: number,
): (db: Kysely<Database>, after: Record<string, unknown>) => Promise<void> {
  return (db, after) =>
    authz.withTransaction(db).recordAudit({
      actorId: request.subject?.user.id ?? null,
      action,
      target: { type: 'batterydb.experiment', id: experimentId },
      before: null,
      after,
      clientAddress: request.ip,
    });
}
