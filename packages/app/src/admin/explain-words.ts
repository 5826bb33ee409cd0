import type { ObjectPermissionExplanation } from '@batterydb/authz';
import { reasonWords } from '../web/sharing/access-words.ts';
import type { ModelPermissionSource } from './find-user-access.ts';

/**
 * Decisions and their sources in words, for the admin pages and the command line alike
 * (`batterydb explain` prints what "what can this user do" shows).
 */

/**
 * A permission in words: `batterydb.change_experiment_status` → `change experiment status`, or,
 * where the model is already said (a column of an experiments table), `change status`.
 */
export function permWords(perm: string, model?: string): string {
  const codename = perm.split('.')[1] ?? perm;
  const short = model ? codename.replace(`_${model}`, '') : codename;
  return short.replaceAll('_', ' ');
}

/** Where a model-level permission comes from, in words. */
export function modelSourceWords(source: ModelPermissionSource): string {
  switch (source.kind) {
    case 'superuser':
      return 'superuser (every permission)';
    case 'own':
      return 'their own permission';
    case 'group':
      return `group “${source.group}”`;
  }
}

const DENIALS: Record<Exclude<ObjectPermissionExplanation, { allowed: true }>['why'], string> = {
  'signed-out': 'no (signed out)',
  inactive: 'no: the account is inactive',
  'unknown-permission': 'no: no such permission',
  'no-such-object': 'no: the object is gone',
  'not-granted': 'no',
  'outside-token-scope': 'no: outside the API token’s scope',
  'grant-expired': 'no: their grant has expired',
  'grant-not-counted': 'no: a grant exists but does not count now (public data is curated)',
};

/** "the owner; shared with group Cells until 2026-12-31" (the share page's words), or why not. */
export function explanationWords(explanation: ObjectPermissionExplanation): {
  allowed: boolean;
  words: string;
} {
  if (!explanation.allowed) return { allowed: false, words: DENIALS[explanation.why] };
  return { allowed: true, words: explanation.reasons.map(reasonWords).join('; ') };
}
