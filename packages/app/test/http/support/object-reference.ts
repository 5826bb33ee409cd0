/**
 * What the HTTP API must answer to each object-level action, and the state afterwards, by the
 * independent reference model (support/object-world.ts): the SPEC's rules written out again,
 * in the order the API states its errors (401, 404 invisible, 403 not allowed, 400 bad input,
 * 409 conflict with the stored state).
 */
import type { InjectOptions } from 'fastify';
import { CHANGE, DELETE, grantKey, type Holder, type RefState, STATUS, VIEW } from './object-world.ts';

export type ObjectAction =
  | {
      op: 'share';
      mode: 'grant' | 'revoke';
      experiment: number;
      holder: Holder;
      perms: string[];
      expiresAt: number | null;
    }
  | { op: 'status'; experiment: number; status: 'private' | 'public' }
  | { op: 'patch'; experiment: number }
  | { op: 'delete'; experiment: number }
  | { op: 'password'; target: number; password: string }
  | { op: 'groups'; target: number; groups: number[] };

export function requestOf(a: ObjectAction): InjectOptions {
  switch (a.op) {
    case 'share':
      return {
        method: a.mode === 'grant' ? 'POST' : 'DELETE',
        url: `/api/experiments/${a.experiment}/grants`,
        payload: {
          ...a.holder,
          permissions: a.perms,
          ...(a.mode === 'grant' && a.expiresAt !== null
            ? { expiresAt: new Date(a.expiresAt).toISOString() }
            : {}),
        },
      };
    case 'status':
      return { method: 'PUT', url: `/api/experiments/${a.experiment}/status`, payload: { status: a.status } };
    case 'patch':
      return { method: 'PATCH', url: `/api/experiments/${a.experiment}`, payload: { description: 'edited' } };
    case 'delete':
      return { method: 'DELETE', url: `/api/experiments/${a.experiment}` };
    case 'password':
      return {
        method: 'PUT',
        url: `/api/admin/users/${a.target}/password`,
        payload: { password: a.password },
      };
    case 'groups':
      return { method: 'PUT', url: `/api/admin/users/${a.target}/groups`, payload: { groups: a.groups } };
  }
}

/** Grants of one holder on one experiment that need view and do not have it for as long. */
function orphaned(state: RefState, holder: Holder, experiment: number): Set<string> {
  const live = (at: number | null | undefined) => at !== undefined && (at === null || at > state.now);
  const view = state.grants.get(grantKey(holder, experiment, VIEW));
  const out = new Set<string>();
  for (const perm of [CHANGE, DELETE, STATUS]) {
    const until = state.grants.get(grantKey(holder, experiment, perm));
    if (!live(until)) continue;
    if (!(live(view) && (view === null || (until !== null && view! >= until!)))) out.add(perm);
  }
  return out;
}

/** SPEC §4: "A may not act on an account that holds anything A does not" (model and object level). */
function holdsNothingActorLacks(s: RefState, actorId: number, targetId: number): boolean {
  const target = s.users.get(targetId)!;
  if (target.isSuperuser) return false;
  for (const p of s.stored(targetId)) if (!s.modelHas(actorId, p)) return false;
  return s.holdingActorLacks(actorId, (p, e) => s.has(targetId, p, e, true)) === null;
}

function groupGivesNothingActorLacks(s: RefState, actorId: number, groupId: number): boolean {
  for (const p of s.groups.get(groupId)!.perms) if (!s.modelHas(actorId, p)) return false;
  return s.holdingActorLacks(actorId, (p, e) => s.groupGives(groupId, p, e)) === null;
}

/** The expected status code and, on success, the expected next state. */
export function expected(s: RefState, actorId: number, a: ObjectAction): { status: number; next: RefState } {
  const actor = s.users.get(actorId)!;
  const refuse = (status: number) => ({ status, next: s });
  if (!actor.isActive) return refuse(401);
  const next = s.clone();
  if (a.op === 'password' || a.op === 'groups') {
    // Route access: staff holding auth.change_user; then the no-escalation policy.
    if (!actor.isStaff || !s.modelHas(actorId, 'auth.change_user')) return refuse(403);
    const target = next.users.get(a.target)!;
    if (a.op === 'groups') {
      const add = a.groups.filter((g) => !target.groups.has(g));
      const remove = [...target.groups].filter((g) => !a.groups.includes(g));
      if (add.length + remove.length === 0) return { status: 200, next };
      if (a.target === actorId || !holdsNothingActorLacks(s, actorId, a.target)) return refuse(403);
      if (!add.every((g) => groupGivesNothingActorLacks(s, actorId, g))) return refuse(403);
      target.groups = new Set(a.groups);
      return { status: 200, next };
    }
    if (a.target === actorId || !holdsNothingActorLacks(s, actorId, a.target)) return refuse(403);
    target.passwordHash = '(changed)';
    return { status: 204, next };
  }
  const e = a.experiment;
  if (!s.has(actorId, VIEW, e)) return refuse(404);
  switch (a.op) {
    case 'patch':
      return s.has(actorId, CHANGE, e) ? { status: 200, next } : refuse(403);
    case 'delete':
      if (!s.has(actorId, DELETE, e)) return refuse(403);
      next.experiments.delete(e);
      for (const key of [...next.grants.keys()]) if (key.split(':')[2] === String(e)) next.grants.delete(key);
      return { status: 204, next };
    case 'status': {
      if (!s.has(actorId, STATUS, e)) return refuse(403);
      // Unpublishing gives the owner (and curated grants) change and delete: the actor must hold them.
      const was = s.experiments.get(e)!.status;
      if (
        was === 'public' &&
        a.status === 'private' &&
        !(s.has(actorId, CHANGE, e) && s.has(actorId, DELETE, e))
      )
        return refuse(403);
      next.experiments.get(e)!.status = a.status;
      return { status: 200, next };
    }
    case 'share': {
      if (!s.has(actorId, CHANGE, e)) return refuse(403);
      const h = a.holder;
      if ('user' in h && !s.users.get(h.user)!.isActive && !s.modelHas(actorId, 'auth.view_user'))
        return refuse(400);
      if ('user' in h ? h.user === actorId : actor.groups.has(h.group)) return refuse(403);
      if (!a.perms.every((p) => s.has(actorId, p, e))) return refuse(403);
      for (const p of a.perms) {
        if (a.mode === 'grant') next.grants.set(grantKey(h, e, p), a.expiresAt);
        else next.grants.delete(grantKey(h, e, p));
      }
      const before = orphaned(s, h, e);
      if ([...orphaned(next, h, e)].some((p) => !before.has(p)))
        return refuse(a.mode === 'grant' ? 400 : 409);
      if (a.mode === 'revoke')
        for (const p of a.perms) {
          if (s.grants.has(grantKey(h, e, p))) continue;
          const otherwise = 'user' in h ? s.has(h.user, p, e, true) : s.groupGives(h.group, p, e);
          if (otherwise) return refuse(409);
        }
      return { status: 204, next };
    }
  }
}
