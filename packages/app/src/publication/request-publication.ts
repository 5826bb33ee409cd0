import { AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database, RequestKind } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import {
  NOTE_MAX,
  type PublicationRequest,
  requestQuery,
  toPublicationRequest,
} from './publication-request.ts';

export function validNote(note: unknown, field: string): string {
  if (typeof note !== 'string') throw new AuthzError('INVALID_INPUT', `${field} must be a string`, field);
  const trimmed = note.trim();
  if (trimmed.length > NOTE_MAX)
    throw new AuthzError('INVALID_INPUT', `${field} must be at most ${NOTE_MAX} characters`, field);
  return trimmed;
}

/** A second pending request for the same experiment, refused by the partial unique index. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const alreadyPending = (id: number, kind: RequestKind) =>
  new AuthzError('CONFLICT', `experiment ${id} already has a pending ${kind} request`, 'id');

/**
 * SPEC §3.3: whoever may change a private experiment (its owner, a collaborator with a
 * `change` grant) may ask a Maintainer to publish it. Asking changes no status. One pending
 * request per experiment (the database's unique index decides races); the request and its
 * audit entry commit together.
 */
export async function requestPublication(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  experimentId: number,
  note: unknown,
  clientAddress: string | null = null,
): Promise<PublicationRequest> {
  const text = validNote(note, 'note');
  const experiment = await getExperiment(authz, db, caller, experimentId, 'batterydb.change_experiment');
  if (experiment.status === 'public')
    throw new AuthzError('CONFLICT', `experiment ${experimentId} is already public`, 'id');
  return insertRequest(authz, db, caller!.user.id, experimentId, 'publication', text, clientAddress);
}

/**
 * Stores a pending request of `kind` with its audit entry (`publication.request` or
 * `correction.request`), in one transaction; the caller has decided that the actor may ask.
 * One pending request of each kind per experiment (the database's unique index decides races).
 */
export async function insertRequest(
  authz: AppAuthz,
  db: Kysely<Database>,
  actorId: number,
  experimentId: number,
  kind: RequestKind,
  text: string,
  clientAddress: string | null,
): Promise<PublicationRequest> {
  const pending = await db
    .selectFrom('publication_request')
    .select('id')
    .where('experiment_id', '=', experimentId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (pending) throw alreadyPending(experimentId, kind);
  const id = await authz
    .transaction(async (tx, trx) => {
      const row = await trx
        .insertInto('publication_request')
        .values({
          experiment_id: experimentId,
          kind,
          requested_by: actorId,
          note: text,
          status: 'pending',
          decision_note: '',
          created_at: tx.now().getTime(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.recordAudit({
        actorId,
        action: `${kind}.request`,
        target: { type: 'batterydb.experiment', id: experimentId },
        before: null,
        after: { request: row.id, note: text },
        clientAddress,
      });
      return row.id;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? alreadyPending(experimentId, kind) : error;
    });
  return getPublicationRequest(db, id);
}

/** One request by id, whoever may see it decided by the caller. */
export async function getPublicationRequest(db: Kysely<Database>, id: number): Promise<PublicationRequest> {
  const row = await requestQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new AuthzError('NOT_FOUND', `publication request ${id} does not exist`, 'id');
  return toPublicationRequest(row);
}
