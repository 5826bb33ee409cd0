import type { ObjectPermissionExplanation, ObjectPermissionReason, PermissionSource } from '@batterydb/authz';
import type { ModelPermissionSource } from './find-user-access.ts';

/**
 * Decisions and their sources in words, for the admin pages and the command line alike
 * (`batterydb explain` prints what "what can this user do" shows).
 */

const day = (date: Date) => date.toISOString().slice(0, 10);

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

/** Why a holder has a permission on one object (who-has), in words. */
export function sourceWords(source: PermissionSource): string {
  const via = (group: string | null) => (group ? ` via group “${group}”` : '');
  switch (source.kind) {
    case 'superuser':
      return 'superuser';
    case 'model-level':
      return `model-level permission${via(source.group)} (every object)`;
    case 'rule':
      return `rule “${source.rule}”${via(source.group)}`;
    case 'grant':
      return `grant${via(source.group)}${source.expiresAt ? ` until ${day(source.expiresAt)}` : ''}`;
  }
}

function reasonWords(reason: ObjectPermissionReason): string {
  switch (reason.kind) {
    case 'superuser':
      return 'superuser';
    case 'model-level':
      return reason.group ? `group “${reason.group}” (every object)` : 'own permission (every object)';
    case 'rule':
      return `rule “${reason.rule}”`;
    case 'grant':
      return `${reason.group ? `grant to group “${reason.group}”` : 'grant to them'}${
        reason.expiresAt ? ` until ${day(reason.expiresAt)}` : ''
      }`;
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

/** "yes — rule “owner views own”; grant to group “Cells” until 2026-12-31", or why not. */
export function explanationWords(explanation: ObjectPermissionExplanation): {
  allowed: boolean;
  words: string;
} {
  if (!explanation.allowed) return { allowed: false, words: DENIALS[explanation.why] };
  return { allowed: true, words: explanation.reasons.map(reasonWords).join('; ') };
}
