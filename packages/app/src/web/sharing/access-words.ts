import type { ObjectPermissionReason, PermissionSource } from '@batterydb/authz';

/**
 * The one vocabulary of access (issue 24): the share page, the admin's object-permissions page and
 * `batterydb explain` say who may do what, and why, in these words — no rule names, no "via".
 */

/** Experiment permissions as the pages name them. */
export const PERMISSION_LABELS: Readonly<Record<string, string>> = {
  'batterydb.view_experiment': 'View',
  'batterydb.change_experiment': 'Edit (while private)',
  'batterydb.delete_experiment': 'Delete (while private)',
  'batterydb.change_experiment_status': 'Publish / unpublish',
};

/** A permission in people's words: its label, else its name ("change experiment status"). */
export function permissionLabel(perm: string): string {
  return PERMISSION_LABELS[perm] ?? (perm.split('.')[1] ?? perm).replaceAll('_', ' ');
}

/** The app's rules as people say them; the group a rule comes through is implied by the words. */
const RULE_WORDS: Readonly<Record<string, string>> = {
  'owner views own': 'the owner',
  'owner edits own private': 'the owner, while it is private',
  'maintainers curate': 'Maintainers curate every experiment',
  'public to readers': 'published: every signed-in user reads it',
  'public to visitors': 'released openly: anyone reads it',
};

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Why a holder has a permission (who-has), in words. */
export function why(source: PermissionSource, holderKind: 'user' | 'group' | 'everyone' = 'user'): string {
  switch (source.kind) {
    case 'superuser':
      return 'superuser';
    case 'model-level':
      return source.group
        ? `member of ${source.group} (every experiment)`
        : holderKind === 'group'
          ? 'the group’s permission (every experiment)'
          : 'own permission (every experiment)';
    case 'rule':
      return RULE_WORDS[source.rule] ?? `${source.rule}${source.group ? ` (member of ${source.group})` : ''}`;
    case 'grant':
      return `shared${source.group ? ` with group ${source.group}` : ''}${source.expiresAt ? ` until ${day(source.expiresAt)}` : ''}`;
  }
}

/** Why one user may (explain), in the same words. */
export function reasonWords(reason: ObjectPermissionReason): string {
  switch (reason.kind) {
    case 'superuser':
      return why(reason);
    case 'model-level':
      return why({ kind: 'model-level', group: reason.group });
    case 'rule':
      return why({ kind: 'rule', rule: reason.rule, group: null });
    case 'grant':
      return reason.group === null
        ? `shared with them${reason.expiresAt ? ` until ${day(reason.expiresAt)}` : ''}`
        : why({ kind: 'grant', group: reason.group, expiresAt: reason.expiresAt });
  }
}

/**
 * Whether a member is said as their group instead of by name: everything they hold here comes
 * through groups listed themselves, and nothing is granted to them (Maintainers are listed once,
 * as the group, not one by one and then again as their role).
 */
export function saidAsTheirGroup(
  permissions: readonly { sources: readonly PermissionSource[] }[],
  grants: number,
  listedGroups: ReadonlySet<string>,
): boolean {
  return (
    grants === 0 &&
    permissions.every((p) =>
      p.sources.every((s) => s.kind !== 'superuser' && s.group !== null && listedGroups.has(s.group)),
    )
  );
}
