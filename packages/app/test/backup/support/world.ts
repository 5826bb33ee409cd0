/**
 * Small random labs for the backup, restore and copy tests: users in roles (some superusers),
 * groups, experiments (private and public), grants to users and groups (never, already or
 * later expiring), publication requests, and cycler files imported with their samples.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { createAppAuthz } from '../../../src/authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../../../src/cycler/index.ts';
import { connect } from '../../../src/db/connect.ts';
import { createExperiments } from '../../../src/experiments/create-experiments.ts';
import { runImport } from '../../../src/imports/run-import.ts';
import { requestPublication } from '../../../src/publication/request-publication.ts';
import { countingHasher } from '../../../../authz/test/support/kit.ts';

const PERMS = ['view', 'change', 'delete', 'change_experiment_status'] as const;
const EXPIRY = ['never', 'past', 'future'] as const;

export interface WorldSpec {
  users: { role: 0 | 1 | 2 | null; superuser: boolean }[];
  groups: { members: number[] }[];
  experiments: { owner: number; isPublic: boolean; files: number; request: boolean }[];
  grants: { toGroup: boolean; holder: number; experiment: number; perm: number; expiry: number }[];
}

export const worldSpec: fc.Arbitrary<WorldSpec> = fc.record({
  users: fc.array(
    fc.record({ role: fc.constantFrom(0 as const, 1 as const, 2 as const, null), superuser: fc.boolean() }),
    { minLength: 1, maxLength: 4 },
  ),
  groups: fc.array(fc.record({ members: fc.uniqueArray(fc.nat(3), { maxLength: 3 }) }), { maxLength: 2 }),
  experiments: fc.array(
    fc.record({ owner: fc.nat(3), isPublic: fc.boolean(), files: fc.nat(1), request: fc.boolean() }),
    { minLength: 1, maxLength: 4 },
  ),
  grants: fc.array(
    fc.record({
      toGroup: fc.boolean(),
      holder: fc.nat(3),
      experiment: fc.nat(3),
      perm: fc.nat(PERMS.length - 1),
      expiry: fc.nat(EXPIRY.length - 1),
    }),
    { maxLength: 6 },
  ),
});

/** A fixed world with something of everything (the restore tests). */
export const FULL_WORLD: WorldSpec = {
  users: [
    { role: 1, superuser: false },
    { role: 0, superuser: false },
    { role: 2, superuser: false },
    { role: null, superuser: true },
  ],
  groups: [{ members: [1, 2] }],
  experiments: [
    { owner: 0, isPublic: false, files: 1, request: true },
    { owner: 0, isPublic: true, files: 1, request: false },
    { owner: 1, isPublic: false, files: 0, request: false },
  ],
  grants: [
    { toGroup: false, holder: 1, experiment: 0, perm: 0, expiry: 0 },
    { toGroup: true, holder: 0, experiment: 2, perm: 1, expiry: 2 },
    { toGroup: false, holder: 2, experiment: 2, perm: 0, expiry: 1 },
  ],
};

/** Builds `spec` in the (empty) database at `url`; returns how many files it imported. */
export async function buildWorld(
  url: string,
  spec: WorldSpec,
  options: { seed?: number; pointsPerHalfCycle?: number } = {},
): Promise<{ files: number }> {
  const { seed = 1, pointsPerHalfCycle = 12 } = options;
  const connection = await connect(parseDatabaseUrl(url));
  try {
    const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
    await authz.migrateAll();
    const roles = [ROLE_READ_ONLY, ROLE_CONTRIBUTOR, ROLE_MAINTAINER];
    const roleIds = await Promise.all(roles.map(async (r) => (await authz.findGroupByName(r))!.id));
    const users: number[] = [];
    for (const [i, u] of spec.users.entries()) {
      const user = await authz.createUser({
        username: `user${i}`,
        password: `password-${i}-long`,
        isSuperuser: u.superuser,
      });
      if (u.role !== null) await authz.addMember(roleIds[u.role]!, user.id);
      users.push(user.id);
    }
    const groups: number[] = [];
    for (const [i, g] of spec.groups.entries()) {
      const group = await authz.createGroup(`team ${i}`);
      for (const m of new Set(g.members.map((n) => users[n % users.length]!)))
        await authz.addMember(group.id, m);
      groups.push(group.id);
    }
    const experiments: number[] = [];
    let files = 0;
    for (const [i, e] of spec.experiments.entries()) {
      const owner = users[e.owner % users.length]!;
      // Owners may add experiments: a Contributor at least.
      await authz.addMember(roleIds[1]!, owner).catch(() => undefined);
      const [row] = await createExperiments(authz, owner, [
        { title: `cell ${i}`, cathodeMaterial: 'NMC811' },
      ]);
      const id = Number(row!.id);
      experiments.push(id);
      if (e.request)
        await requestPublication(authz, connection.db, await authz.loadSubject(owner), id, 'please');
      if (e.isPublic)
        await connection.db
          .updateTable('experiment')
          .set({ status: 'public' })
          .where('id', '=', id)
          .execute();
      for (let f = 0; f < e.files; f += 1) {
        const chunks = syntheticCyclerCsvChunks({
          cycles: 2,
          pointsPerHalfCycle,
          capacityAh: 1,
          fadePerCycle: 0.01,
          seed: seed + i * 7 + f,
        });
        const result = await runImport(connection, {
          experimentId: id,
          userId: owner,
          fileName: `cell-${i}-${f}.csv`,
          input: Readable.from(Array.from(chunks, (chunk) => Buffer.from(chunk))),
          maxBytes: Number.MAX_SAFE_INTEGER,
        });
        if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.error)}`);
        files += 1;
      }
    }
    const day = 24 * 3600 * 1000;
    for (const g of spec.grants) {
      if (g.toGroup && groups.length === 0) continue;
      const holder = g.toGroup
        ? { group: groups[g.holder % groups.length]! }
        : { user: users[g.holder % users.length]! };
      const expiry = EXPIRY[g.expiry]!;
      const expiresAt = expiry === 'never' ? null : new Date(Date.now() + (expiry === 'past' ? -day : day));
      const perm = `batterydb.${PERMS[g.perm]!}${PERMS[g.perm] === 'change_experiment_status' ? '' : '_experiment'}`;
      await authz.experiments.assign(
        holder,
        perm as 'batterydb.view_experiment',
        experiments[g.experiment % experiments.length]!,
        { expiresAt },
      );
    }
    return { files };
  } finally {
    await connection.close();
  }
}
