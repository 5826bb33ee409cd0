import { AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import type { PublicationRequest } from './publication-request.ts';
import { insertRequest, validNote } from './request-publication.ts';

/**
 * Issue 24: public data is curated (SPEC §3.3), so the owner of a published experiment cannot
 * fix a typo in it — but may ask a Maintainer to, with a note saying what is wrong. The request
 * joins the review queue; a Maintainer corrects the experiment and marks it done, or declines
 * it, audited like a publication request. Only the owner asks (a collaborator's grants stopped
 * counting at publication), only while it is public, one pending correction at a time.
 */
export async function requestCorrection(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  experimentId: number,
  note: unknown,
  clientAddress: string | null = null,
): Promise<PublicationRequest> {
  const text = validNote(note, 'note');
  const experiment = await getExperiment(authz, db, caller, experimentId);
  if (caller === null || experiment.owner_id !== caller.user.id)
    throw new AuthzError('FORBIDDEN', 'only the owner of an experiment may ask for a correction', 'id');
  if (experiment.status !== 'public')
    throw new AuthzError('CONFLICT', `experiment ${experimentId} is private: its owner may edit it`, 'id');
  if (text === '') throw new AuthzError('INVALID_INPUT', 'note must say what should be corrected', 'note');
  return insertRequest(authz, db, caller.user.id, experimentId, 'correction', text, clientAddress);
}
