/**
 * What a scoped API token may be used for (SPEC §5 "Scoped API tokens"): per permission, either
 * every object (and the model-level right itself) or a list of objects. A permission the scope
 * does not name is refused. Every decision made for a token is its user's decision AND this —
 * never more than either; the user's side is decided fresh at every request, so a revoke of the
 * user's right ends the token's at once.
 *
 * The scope travels on the {@link Subject} (`subject.scope`), the one value every decision path
 * (model checks, object checks, `checkMany`, warm checks, list filters, explain) reads, so no route
 * can forget it. `null` is an unscoped token or a session: the user's full rights.
 */
export interface TokenScope {
  /** permission string → `'any'` (every object, and the model-level right) or the objects' ids */
  readonly permissions: ReadonlyMap<string, 'any' | ReadonlySet<number>>;
}

/** One entry as given by a caller or listed: a permission and, optionally, the objects it is limited to. */
export interface TokenScopeEntry {
  readonly permission: string;
  /** Absent or null: every object of the model, and the permission itself at model level. */
  readonly objects?: readonly number[] | null;
}

const NOTHING: ReadonlySet<number> = new Set();

/** The scope's side of a model-level decision: unscoped, or the permission granted on every object. */
export function scopeAllowsModelPerm(scope: TokenScope | null | undefined, perm: string): boolean {
  return !scope || scope.permissions.get(perm) === 'any';
}

/** The objects a scope allows `perm` on: `'any'`, or a set (empty: none). */
export function scopeObjects(
  scope: TokenScope | null | undefined,
  perm: string,
): 'any' | ReadonlySet<number> {
  if (!scope) return 'any';
  return scope.permissions.get(perm) ?? NOTHING;
}

/** The scope's side of an object decision. */
export function scopeAllowsObject(scope: TokenScope | null | undefined, perm: string, id: number): boolean {
  const objects = scopeObjects(scope, perm);
  return objects === 'any' || objects.has(id);
}

/** Entries → a scope; several entries of one permission add up (an `'any'` wins). */
export function toTokenScope(entries: readonly TokenScopeEntry[]): TokenScope {
  const permissions = new Map<string, 'any' | Set<number>>();
  for (const entry of entries) {
    const known = permissions.get(entry.permission);
    if (known === 'any') continue;
    if (entry.objects === undefined || entry.objects === null) {
      permissions.set(entry.permission, 'any');
      continue;
    }
    const ids = known ?? new Set<number>();
    for (const id of entry.objects) ids.add(id);
    permissions.set(entry.permission, ids);
  }
  return { permissions };
}

/** A scope as entries, sorted, for listing and the audit log. */
export function scopeEntries(scope: TokenScope): TokenScopeEntry[] {
  return [...scope.permissions]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([permission, objects]) =>
      objects === 'any'
        ? { permission, objects: null }
        : { permission, objects: [...objects].sort((a, b) => a - b) },
    );
}
