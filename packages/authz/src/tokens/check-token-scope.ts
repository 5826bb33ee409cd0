import type { AuthzContext } from '../context.ts';
import { AuthzError, invalidInput } from '../errors.ts';
import { decideModelPerm } from '../checks/model-decision.ts';
import { checkMany, loadRows } from '../checks/object-checks.ts';
import type { Subject } from '../checks/subject.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { type TokenScope, type TokenScopeEntry, scopeEntries, toTokenScope } from './token-scope.ts';

/** A scope longer than this is refused: it is meant for a few experiments, not a catalogue. */
export const MAX_SCOPE_OBJECTS = 1000;

/** A scope's stored rows: permission row id and object id (null: every object). */
export interface ScopeRow {
  readonly permissionId: number;
  readonly objectId: number | null;
}

/**
 * Checks a requested scope and answers its rows. "Creating a token needs only the rights it
 * carries" (SPEC §5, §4's no escalation applied to tokens): the creator — a session, or itself a
 * scoped token, whose own scope then bounds this one — must hold each permission at model level
 * when the entry names no objects, and on each object it names. Refusals are 403 naming the first
 * permission (and object) the creator lacks; a missing object is refused in the same words as one
 * the creator may not see, so the answer reveals nothing.
 */
export async function checkRequestedScope(
  ctx: AuthzContext,
  creator: Subject,
  entries: readonly TokenScopeEntry[] | null,
): Promise<ScopeRow[] | null> {
  if (entries === null) {
    if (creator.scope !== null)
      throw new AuthzError(
        'FORBIDDEN',
        'a scoped API token can only create tokens within its own scope',
        'scope',
      );
    return null;
  }
  const scope: TokenScope = toTokenScope(entries);
  const permissions = await permissionRows(ctx);
  const rows: ScopeRow[] = [];
  let objects = 0;
  for (const { permission, objects: ids } of scopeEntries(scope)) {
    const row = permissions.get(permission);
    if (!row || !ctx.registry.isPermission(permission))
      throw invalidInput('scope', `"${permission}" is not a permission`);
    if (ids === null || ids === undefined) {
      if (!decideModelPerm(creator, permission))
        throw new AuthzError(
          'FORBIDDEN',
          `you do not hold ${permission}, so a token cannot carry it`,
          'scope',
        );
      rows.push({ permissionId: row.id, objectId: null });
      continue;
    }
    const policy = ctx.policies.get(row.modelKey);
    if (!policy) throw invalidInput('scope', `${permission} is not a permission on single objects`);
    objects += ids.length;
    if (objects > MAX_SCOPE_OBJECTS)
      throw invalidInput('scope', `a token may name at most ${MAX_SCOPE_OBJECTS} objects`);
    const loaded = await loadRows(ctx, policy, ids);
    const allowed = await checkMany(ctx, creator, permission, policy, [...loaded.values()]);
    const lacking = ids.find((id) => !allowed.has(id));
    if (lacking !== undefined)
      throw new AuthzError(
        'FORBIDDEN',
        `you do not hold ${permission} on ${policy.model.label} ${lacking}, so a token cannot carry it`,
        'scope',
      );
    for (const id of ids) rows.push({ permissionId: row.id, objectId: id });
  }
  return rows;
}
