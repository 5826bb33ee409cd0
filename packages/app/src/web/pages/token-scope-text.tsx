import type { ApiToken } from '@batterydb/authz';

/**
 * A token's scope in words, e.g. “batterydb.change_experiment on 12, 15”; an unscoped token
 * may do “everything you may do”. Shown on the account page (SPEC §5: the scope can be seen).
 */
export function tokenScopeText(scope: ApiToken['scope']): string {
  if (scope === null) return 'everything you may do';
  if (scope.length === 0) return 'nothing';
  return scope
    .map((e) => (e.objects ? `${e.permission} on ${e.objects.join(', ')}` : `${e.permission} (all)`))
    .join('; ');
}
