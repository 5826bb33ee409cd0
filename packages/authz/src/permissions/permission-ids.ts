import type { AuthzContext } from '../context.ts';
import { invalidInput } from '../errors.ts';

/** Splits `app.codename`; null when the string is not of that shape. */
export function splitPermission(perm: string): { app: string; codename: string } | null {
  const dot = perm.indexOf('.');
  if (dot <= 0 || dot === perm.length - 1 || perm.indexOf('.', dot + 1) !== -1) return null;
  return { app: perm.slice(0, dot), codename: perm.slice(dot + 1) };
}

/**
 * Resolves permission strings to their row ids. Writing an unknown permission is bad input
 * (reading one is simply "no": see checks).
 */
export async function permissionIds(
  ctx: AuthzContext,
  perms: readonly string[],
  field = 'permissions',
): Promise<number[]> {
  if (perms.length === 0) return [];
  const unknown = perms.find((perm): boolean => !ctx.registry.isPermission(perm));
  if (unknown !== undefined) throw invalidInput(field, `unknown permission "${unknown}"`);
  const rows = await ctx.db
    .selectFrom('authz_permission')
    .select(['id', 'app', 'codename'])
    .where((eb) =>
      eb.or(
        perms.map((perm) => {
          const parts = splitPermission(perm)!;
          return eb.and([eb('app', '=', parts.app), eb('codename', '=', parts.codename)]);
        }),
      ),
    )
    .execute();
  if (rows.length !== new Set(perms).size) {
    const found = new Set(rows.map((r) => `${r.app}.${r.codename}`));
    const missing = perms.find((p) => !found.has(p)) ?? '';
    throw invalidInput(
      field,
      `permission "${missing}" is registered but not in the database: run the migrations`,
    );
  }
  return rows.map((r) => r.id);
}
