import type { AuthzContext } from '../context.ts';
import { invalidInput } from '../errors.ts';

export interface PermissionRow {
  id: number;
  perm: string;
  /** `app.model` the permission belongs to. */
  modelKey: string;
}

/**
 * Permission rows by `app.codename`. Ids never change once a row exists (sync only creates),
 * so the map is safe to keep for the life of the kit instance; it is loaded once, lazily.
 */
const caches = new WeakMap<AuthzContext['generation'], Promise<Map<string, PermissionRow>>>();

export function permissionRows(ctx: AuthzContext): Promise<Map<string, PermissionRow>> {
  let cached = caches.get(ctx.generation);
  if (!cached) {
    cached = ctx.db
      .selectFrom('authz_permission')
      .select(['id', 'app', 'codename', 'model'])
      .execute()
      .then(
        (rows) =>
          new Map(
            rows.map((r) => [
              `${r.app}.${r.codename}`,
              { id: r.id, perm: `${r.app}.${r.codename}`, modelKey: `${r.app}.${r.model}` },
            ]),
          ),
      );
    caches.set(ctx.generation, cached);
    // A failed load must not poison the cache.
    cached.catch(() => caches.delete(ctx.generation));
  }
  return cached;
}

/** The row of a permission that must exist (writes); INVALID_INPUT otherwise. */
export async function requirePermission(
  ctx: AuthzContext,
  perm: string,
  field = 'permission',
): Promise<PermissionRow> {
  const known: boolean = ctx.registry.isPermission(perm);
  if (!known) throw invalidInput(field, `unknown permission "${perm}"`);
  let row = (await permissionRows(ctx)).get(perm);
  if (!row) {
    // Registered after the map was loaded (a migration ran since): reload once.
    caches.delete(ctx.generation);
    row = (await permissionRows(ctx)).get(perm);
  }
  if (!row) throw invalidInput(field, `permission "${perm}" is not in the database: run the migrations`);
  return row;
}
