import type { AuthzContext } from '../context.ts';
import type { Subject } from '../checks/subject.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { grantDb } from './grant-db.ts';

/** One stored grant as a decision sees it. */
export interface GrantEntry {
  objectId: number;
  permissionId: number;
  expiresAt: number | null;
  /** Null for a grant to the user, else the group's id. */
  groupId: number | null;
}

export const isLive = (entry: GrantEntry, now: number): boolean =>
  entry.expiresAt === null || entry.expiresAt > now;

/** The subject's grants (own and through groups) on one model, optionally only on `ids`. */
function grantQuery(ctx: AuthzContext, subject: Subject, policy: ObjectPolicy, ids?: readonly number[]) {
  const db = grantDb(ctx);
  const groupIds = subject.groups.map((g) => g.id);
  let query = db
    .selectFrom(`${policy.userGrantTable} as ug`)
    .select((eb) => [
      'ug.object_id',
      'ug.permission_id',
      'ug.expires_at',
      eb.val<number | null>(null).as('group_id'),
    ])
    .where('ug.user_id', '=', subject.user.id)
    .$if(ids !== undefined, (q) => q.where('ug.object_id', 'in', ids!));
  if (groupIds.length > 0)
    query = query.unionAll(
      db
        .selectFrom(`${policy.groupGrantTable} as gg`)
        .select((eb) => [
          'gg.object_id',
          'gg.permission_id',
          'gg.expires_at',
          eb.ref('gg.group_id').$castTo<number | null>().as('group_id'),
        ])
        .where('gg.group_id', 'in', groupIds)
        .$if(ids !== undefined, (q) => q.where('gg.object_id', 'in', ids!)),
    );
  return query;
}

function toEntry(r: {
  object_id: number;
  permission_id: number;
  expires_at: number | null;
  group_id: number | null;
}): GrantEntry {
  return {
    objectId: Number(r.object_id),
    permissionId: Number(r.permission_id),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    groupId: r.group_id === null ? null : Number(r.group_id),
  };
}

/**
 * The subject's grants on `ids` of one model, in one round trip. Expiry is left to the
 * caller, which decides at its own `now`.
 */
export async function grantsOnObjects(
  ctx: AuthzContext,
  subject: Subject,
  policy: ObjectPolicy,
  ids: readonly number[],
): Promise<GrantEntry[]> {
  if (ids.length === 0) return [];
  return (await grantQuery(ctx, subject, policy, ids).execute()).map(toEntry);
}

/** Above this many grants on one model a subject's grants are not memoised: checks query per object. */
export const GRANT_MEMO_LIMIT = 10_000;

/**
 * All of the subject's grants on one model, loaded once per Subject (the per-request memo),
 * so that checking a page or thousands of objects costs no further query. Null when the
 * subject holds more than {@link GRANT_MEMO_LIMIT}: then callers ask per object.
 */
export async function memoisedGrants(
  ctx: AuthzContext,
  subject: Subject,
  policy: ObjectPolicy,
): Promise<Map<number, GrantEntry[]> | null> {
  const key = `grants:${policy.key}`;
  if (subject.memo.has(key)) return subject.memo.get(key) as Map<number, GrantEntry[]> | null;
  const rows = await grantQuery(ctx, subject, policy)
    .limit(GRANT_MEMO_LIMIT + 1)
    .execute();
  let result: Map<number, GrantEntry[]> | null = null;
  if (rows.length <= GRANT_MEMO_LIMIT) {
    result = new Map();
    for (const r of rows) {
      const entry = toEntry(r);
      const list = result.get(entry.objectId) ?? [];
      list.push(entry);
      result.set(entry.objectId, list);
    }
  }
  subject.memo.set(key, result);
  return result;
}
