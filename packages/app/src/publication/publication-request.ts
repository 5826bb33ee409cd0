import type { Kysely } from 'kysely';
import type { Database, PublicationStatus, RequestKind } from '../db/schema.ts';

/** A publication request as the API and the pages show it. */
export interface PublicationRequest {
  id: number;
  /** A request to publish, or (on a published experiment) to correct something. */
  kind: RequestKind;
  experiment: { id: number; title: string; status: 'private' | 'public' };
  requestedBy: string | null;
  note: string;
  status: PublicationStatus;
  decidedBy: string | null;
  decisionNote: string;
  createdAt: string;
  decidedAt: string | null;
}

export const NOTE_MAX = 2000;

/** Requests with their experiment and the names of who asked and who decided. */
export function requestQuery(db: Kysely<Database>) {
  return db
    .selectFrom('publication_request as r')
    .innerJoin('experiment as e', 'e.id', 'r.experiment_id')
    .leftJoin('authz_user as rq', 'rq.id', 'r.requested_by')
    .leftJoin('authz_user as dc', 'dc.id', 'r.decided_by')
    .select([
      'r.id',
      'r.kind',
      'r.experiment_id',
      'e.title',
      'e.status as experiment_status',
      'rq.username as requester',
      'r.note',
      'r.status',
      'dc.username as decider',
      'r.decision_note',
      'r.created_at',
      'r.decided_at',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['execute']>>[number];

export function toPublicationRequest(row: RequestRow): PublicationRequest {
  return {
    id: row.id,
    kind: row.kind,
    experiment: { id: row.experiment_id, title: row.title, status: row.experiment_status },
    requestedBy: row.requester,
    note: row.note,
    status: row.status,
    decidedBy: row.decider,
    decisionNote: row.decision_note,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    decidedAt: row.decided_at === null ? null : new Date(Number(row.decided_at)).toISOString(),
  };
}
