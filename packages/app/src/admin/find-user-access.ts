import {
  AuthzError,
  type ObjectPermissionExplanation,
  type ObjectRow,
  type Registry,
  type Subject,
} from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { decodeCursor, encodeCursor } from '../accounts/keyset-cursor.ts';
import { type AdminObjectModel, objectPermissions } from './object-models.ts';

/** Where a model-level permission of a user comes from. */
export type ModelPermissionSource =
  { kind: 'superuser' } | { kind: 'own' } | { kind: 'group'; group: string };

export interface ModelPermissionLine {
  readonly perm: string;
  readonly name: string;
  readonly sources: readonly ModelPermissionSource[];
}

/**
 * "What can this user do", model level (SPEC §3.1): every registered permission the user holds,
 * with each source — their own, each group that gives it, the superuser flag. An inactive
 * account holds them all the same but may use none (the page says so).
 */
export function modelPermissionLines(registry: Registry, subject: Subject): ModelPermissionLine[] {
  const lines: ModelPermissionLine[] = [];
  for (const p of registry.permissions) {
    const perm = `${p.app}.${p.codename}`;
    const sources: ModelPermissionSource[] = [];
    if (subject.user.isSuperuser) sources.push({ kind: 'superuser' });
    if (subject.ownPermissions.has(perm)) sources.push({ kind: 'own' });
    for (const group of subject.groupPermissions.get(perm) ?? []) sources.push({ kind: 'group', group });
    if (sources.length > 0) lines.push({ perm, name: p.name, sources });
  }
  return lines;
}

/** One object the user may act on, with the decision and its reasons for every object permission. */
export interface ObjectAccessLine {
  readonly row: ObjectRow;
  readonly perms: readonly { perm: string; explanation: ObjectPermissionExplanation }[];
}

export interface ObjectAccessPage {
  readonly items: ObjectAccessLine[];
  readonly nextCursor: string | null;
}

/**
 * "What can this user do", object level: a keyset page (newest first) of the objects `userId`
 * may `perm`, each explained for every object permission (rule, role, grant to them or to a
 * group, its end; or why not). One page query — the user's `accessible` filter ANDed with the
 * viewer's own view filter, so the page never names an object its viewer may not see — and
 * the explanations read the user's grants once (the loaded Subject's memo). Flat at any size.
 */
export async function objectsUserMay(
  authz: AppAuthz,
  viewer: Subject,
  userId: number,
  model: AdminObjectModel,
  perm: string,
  options: { after?: string; limit: number },
): Promise<ObjectAccessPage> {
  const perms = objectPermissions(authz, model.policy);
  if (!perms.includes(perm))
    throw new AuthzError('INVALID_INPUT', `perm must be one of ${perms.join(', ')}`, 'perm');
  const subject = await authz.loadSubject(userId);
  if (!subject) throw new AuthzError('NOT_FOUND', `user ${userId} does not exist`, 'id');
  const api = authz.objects(model.policy);
  const view = `${model.policy.model.app}.view_${model.policy.model.name}`;
  const theirs = await api.accessible(subject, perm as never, 't');
  const mine = await api.accessible(viewer, view as never, 't');
  const after = options.after === undefined ? undefined : decodeCursor(options.after).id;
  const db = authz.db as unknown as Kysely<Record<string, ObjectRow>>;
  const rows = (await db
    .selectFrom(`${model.policy.table} as t`)
    .selectAll('t')
    .where(theirs)
    .where(mine)
    .$if(after !== undefined, (q) => q.where('t.id', '<', after!))
    .orderBy('t.id', 'desc')
    .limit(options.limit + 1)
    .execute()) as ObjectRow[];
  const page = rows.slice(0, options.limit);
  const items: ObjectAccessLine[] = [];
  for (const row of page) {
    const lines = [];
    for (const p of perms) lines.push({ perm: p, explanation: await api.explain(subject, p as never, row) });
    items.push({ row, perms: lines });
  }
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > options.limit && last ? encodeCursor({ value: last.id, id: last.id }) : null,
  };
}
