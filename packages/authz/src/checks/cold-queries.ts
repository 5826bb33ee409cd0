import { type Kysely, type SqlBool, sql } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { prepared } from '../db/prepared.ts';
import type { GrantRow, ObjectRow } from '../grants/grant-db.ts';
import type { GrantEntry } from '../grants/grant-lookup.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';

/**
 * The per-object queries of a cold check (a user id and an object id, nothing loaded), each
 * compiled once per policy. The grant query reads memberships in the same statement, so a
 * cold check needs no group list from the Subject and has one fixed shape.
 */
interface ColdQueries {
  row: ReturnType<typeof prepared<ObjectRow, 1>>;
  grants: ReturnType<typeof prepared<GrantRow & { group_id: number | null }, 4>>;
}
const byPolicy = new WeakMap<ObjectPolicy, ColdQueries>();

function queriesOf(policy: ObjectPolicy): ColdQueries {
  let queries = byPolicy.get(policy);
  if (!queries) {
    queries = {
      row: prepared(1, (db, id) =>
        (db as unknown as Kysely<Record<string, ObjectRow>>)
          .selectFrom(policy.table)
          .select(['id', ...policy.columns])
          .where('id', '=', id),
      ) as ColdQueries['row'],
      grants: prepared(4, (db, objectId, userId, sameObjectId, sameUserId) => {
        const g = db as unknown as Kysely<Record<string, GrantRow>>;
        return g
          .selectFrom(`${policy.userGrantTable} as ug`)
          .select((eb) => [
            'ug.object_id',
            'ug.permission_id',
            'ug.expires_at',
            eb.val<number | null>(null).as('group_id'),
          ])
          .where('ug.object_id', '=', objectId)
          .where('ug.user_id', '=', userId)
          .unionAll(
            g
              .selectFrom(`${policy.groupGrantTable} as gg`)
              .select((eb) => [
                'gg.object_id',
                'gg.permission_id',
                'gg.expires_at',
                eb.ref('gg.group_id').$castTo<number | null>().as('group_id'),
              ])
              .where('gg.object_id', '=', sameObjectId)
              .where(
                sql<SqlBool>`gg.group_id in (select group_id from authz_user_group where user_id = ${sameUserId})`,
              ),
          );
      }) as unknown as ColdQueries['grants'],
    };
    byPolicy.set(policy, queries);
  }
  return queries;
}

export async function coldRow(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  id: number,
): Promise<ObjectRow | undefined> {
  return (await queriesOf(policy).row(ctx.db as unknown as Kysely<never>, id)).rows[0];
}

export async function coldGrants(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  userId: number,
  objectId: number,
): Promise<GrantEntry[]> {
  const { rows } = await queriesOf(policy).grants(
    ctx.db as unknown as Kysely<never>,
    objectId,
    userId,
    objectId,
    userId,
  );
  return rows.map((r) => ({
    objectId: Number(r.object_id),
    permissionId: Number(r.permission_id),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    groupId: r.group_id === null ? null : Number(r.group_id),
  }));
}
