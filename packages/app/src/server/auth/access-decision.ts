import { decideModelPerm, type Subject } from '@batterydb/authz';
import type { Access } from '../access.ts';

export type AccessOutcome = 'allow' | 'unauthenticated' | 'forbidden';

/**
 * A route's declared access against the caller, before the handler runs. `object` routes only
 * need a caller here (or none, for reading, when anonymous reading is on): the handler loads
 * the object and answers 404 if it is invisible, 403 if the action is not allowed.
 */
export function decideAccess(
  access: Access,
  subject: Subject | null,
  request: { safeMethod: boolean; anonymousRead: boolean },
): AccessOutcome {
  switch (access.kind) {
    case 'public':
      return 'allow';
    case 'object':
      return subject || (request.anonymousRead && request.safeMethod) ? 'allow' : 'unauthenticated';
    case 'signed-in':
      return subject ? 'allow' : 'unauthenticated';
    case 'dataset':
      return subject || request.safeMethod ? 'allow' : 'unauthenticated';
    case 'permission':
      if (!subject) return 'unauthenticated';
      return decideModelPerm(subject, access.permission) ? 'allow' : 'forbidden';
    case 'staff':
      if (!subject) return 'unauthenticated';
      // The admin's operations decide on the account as a whole (SPEC §4): no scoped token reaches them.
      if (subject.scope !== null) return 'forbidden';
      return subject.user.isStaff && decideModelPerm(subject, access.permission) ? 'allow' : 'forbidden';
  }
}

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
