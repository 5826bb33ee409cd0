import type { AuthzContext } from '../context.ts';

/**
 * Makes a row for every registered permission (Django's post_migrate `create_permissions`).
 * It runs inside the same migration step as the role sync and before it, so roles never meet
 * missing permissions (the pitfall of Django ticket #23422). Idempotent: existing rows keep
 * their ids; names are refreshed. Permissions of models no longer registered are kept, so a
 * model removed by mistake does not silently drop everyone's grants.
 */
export async function syncPerms(ctx: AuthzContext): Promise<{ created: number }> {
  const existing = await ctx.db
    .selectFrom('authz_permission')
    .select(['id', 'app', 'codename', 'name'])
    .execute();
  const byKey = new Map(existing.map((row) => [`${row.app}.${row.codename}`, row]));
  let created = 0;
  for (const spec of ctx.registry.permissions) {
    const row = byKey.get(`${spec.app}.${spec.codename}`);
    if (!row) {
      await ctx.db.insertInto('authz_permission').values(spec).execute();
      created += 1;
    } else if (row.name !== spec.name) {
      await ctx.db
        .updateTable('authz_permission')
        .set({ name: spec.name })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return { created };
}
