import type { AuthzContext } from '../context.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { loadRows } from '../checks/object-checks.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { grantCounts } from './grant-condition.ts';
import type { GranteeLabel } from './grant-facts.ts';
import { grantDb } from './grant-db.ts';

/** One stored grant on an object, as a sharing page lists it (with revoke). */
export interface StoredGrant {
  readonly holder: GranteeLabel;
  readonly permission: string;
  readonly expiresAt: Date | null;
  /**
   * Whether it counts now: live, and the policy's grant condition holds on the object (the
   * holder's own flags, e.g. an inactive account, are the checks' business, not the grant's).
   * A grant that does not count (a `change` grant on a public experiment) is still listed, so
   * that it can be revoked before it would count again.
   */
  readonly counts: boolean;
}

/** Every grant stored on one object, to users and to groups, expired ones included. */
export async function objectGrants(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  objectId: number,
): Promise<StoredGrant[]> {
  const row = (await loadRows(ctx, policy, [objectId])).get(objectId);
  if (!row) return [];
  const db = grantDb(ctx);
  const userGrants = await db
    .selectFrom(policy.userGrantTable)
    .select(['user_id', 'permission_id', 'expires_at'])
    .where('object_id', '=', objectId)
    .execute();
  const groupGrants = await db
    .selectFrom(policy.groupGrantTable)
    .select(['group_id', 'permission_id', 'expires_at'])
    .where('object_id', '=', objectId)
    .execute();
  const usernames = new Map(
    (
      await ctx.db
        .selectFrom('authz_user')
        .select(['id', 'username'])
        .where('id', 'in', [...userGrants.map((g) => g.user_id), -1])
        .execute()
    ).map((u) => [u.id, u.username]),
  );
  const groupNames = new Map(
    (
      await ctx.db
        .selectFrom('authz_group')
        .select(['id', 'name'])
        .where('id', 'in', [...groupGrants.map((g) => g.group_id), -1])
        .execute()
    ).map((g) => [g.id, g.name]),
  );
  const byId = new Map([...(await permissionRows(ctx)).values()].map((p) => [p.id, p.perm]));
  const now = ctx.now();
  const entry = (holder: GranteeLabel, r: { permission_id: number; expires_at: number | null }) => {
    const permission = byId.get(r.permission_id)!;
    const until = r.expires_at === null ? null : Number(r.expires_at);
    return {
      holder,
      permission,
      expiresAt: until === null ? null : new Date(until),
      counts: (until === null || until > now) && grantCounts(policy, permission, row),
    };
  };
  return [
    ...userGrants.map((r) => entry({ user: { id: r.user_id, username: usernames.get(r.user_id)! } }, r)),
    ...groupGrants.map((r) => entry({ group: { id: r.group_id, name: groupNames.get(r.group_id)! } }, r)),
  ];
}
