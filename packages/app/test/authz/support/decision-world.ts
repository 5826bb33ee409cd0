/**
 * The random worlds of the decision property tests and SPEC §3.2–3.3 written plainly as their
 * reference (shared by `list-equals-check` and `token-scope`).
 */
import fc from 'fast-check';
import type { Perm } from '../../../src/authz/registry.ts';

export const PERMS = [
  'batterydb.view_experiment',
  'batterydb.change_experiment',
  'batterydb.delete_experiment',
  'batterydb.change_experiment_status',
  // Open data (issue 26): everyone's, the anonymous visitor's too, on released public experiments.
  'batterydb.view_released_experiment',
] as const satisfies Perm[];
export const GROUPS = ['Read only', 'Contributor', 'Maintainer', 'custom'] as const;
export type GroupName = (typeof GROUPS)[number];

export const world = fc.record({
  users: fc.array(
    fc.record({
      isActive: fc.integer({ min: 0, max: 5 }).map((n) => n !== 0),
      isSuperuser: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      groups: fc.subarray([...GROUPS]),
      direct: fc.subarray([...PERMS], { maxLength: 1 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  experiments: fc.array(
    fc.record({
      owner: fc.nat(4),
      status: fc.constantFrom('private' as const, 'public' as const),
      openRelease: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  grants: fc.array(
    fc.record({
      to: fc.oneof(fc.record({ user: fc.nat(4) }), fc.record({ group: fc.constantFrom(...GROUPS) })),
      perm: fc.constantFrom(...PERMS),
      experiment: fc.nat(7),
      expiry: fc.constantFrom('none' as const, 'past' as const, 'future' as const),
    }),
    { maxLength: 10 },
  ),
  deleted: fc.array(fc.nat(7), { maxLength: 2 }),
});

/** The roles' model permissions as SPEC §1 declares them (and `custom`, none). */
const GROUP_PERMS: Record<GroupName, string[]> = {
  'Read only': [],
  Contributor: ['batterydb.add_experiment'],
  Maintainer: [...PERMS.filter((p) => p !== PERMS[4]), 'batterydb.add_experiment'],
  custom: [],
};

export type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/** SPEC §3.2–3.3 in plain TypeScript. `u` null = signed-out visitor. */
export function reference(
  w: World,
  live: (g: World['grants'][number]) => boolean,
  u: number | null,
  perm: string,
  e: number,
  anonymousRead: boolean,
): boolean {
  const exp = w.experiments[e]!;
  const released = perm === PERMS[4] && exp.status === 'public' && exp.openRelease;
  if (u === null) return released || (anonymousRead && perm === PERMS[0] && exp.status === 'public');
  const user = w.users[u]!;
  if (!user.isActive) return false;
  if (user.isSuperuser) return true;
  if (modelReference(w, u, perm)) return true;
  if (released) return true;
  if (
    exp.owner === u &&
    (perm === PERMS[0] || (exp.status === 'private' && (perm === PERMS[1] || perm === PERMS[2])))
  )
    return true;
  if (user.groups.includes('Maintainer') && [PERMS[0], PERMS[1], PERMS[2]].includes(perm as never))
    return true;
  if (
    perm === PERMS[0] &&
    exp.status === 'public' &&
    user.groups.some((g) => g === 'Read only' || g === 'Contributor')
  )
    return true;
  // Public data is curated: grants of change and delete count while the experiment is private.
  if ((perm === PERMS[1] || perm === PERMS[2]) && exp.status !== 'private') return false;
  return w.grants.some(
    (g) =>
      g.experiment === e &&
      g.perm === perm &&
      live(g) &&
      ('user' in g.to ? g.to.user === u : user.groups.includes(g.to.group)),
  );
}

/** SPEC §3.1 on the world: the user's model-level decision (own or group permission, superuser). */
export function modelReference(w: World, u: number, perm: string): boolean {
  const user = w.users[u]!;
  if (!user.isActive) return false;
  if (user.isSuperuser) return true;
  return (user.direct as string[]).includes(perm) || user.groups.some((g) => GROUP_PERMS[g].includes(perm));
}
