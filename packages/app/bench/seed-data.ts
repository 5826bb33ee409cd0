import { nameSkeleton } from '@batterydb/authz';
import type { AppAuthz } from '../src/authz/create-app-authz.ts';
import type { Connection } from '../src/db/connect.ts';
import { elapsedMs, random } from './stats.ts';

export const TIERS = {
  S: { users: 200, experiments: 2_000 },
  M: { users: 2_000, experiments: 20_000 },
  L: { users: 5_000, experiments: 1_000_000 },
} as const;
export type Tier = keyof typeof TIERS;

const MATERIALS = ['LFP', 'NMC811', 'LCO', 'NCA', 'LMO'];

/** WORKLOAD.md's users: every 20th a Maintainer, the rest Read only. Not timed. */
export async function seedUsers(connection: Connection, authz: AppAuthz, count: number) {
  const readOnly = (await authz.findGroupByName('Read only'))!.id;
  const maintainer = (await authz.findGroupByName('Maintainer'))!.id;
  const now = Date.now();
  const ids: number[] = [];
  const readers: number[] = [];
  for (let start = 0; start < count; start += 1000) {
    const rows = await connection.db
      .insertInto('authz_user')
      .values(
        Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
          const name = `user${start + k}`;
          return {
            username: name,
            username_key: name,
            username_skeleton: nameSkeleton(name),
            email: '',
            password_hash: null,
            is_active: 1,
            is_staff: 0,
            is_superuser: 0,
            last_login: null,
            date_joined: now,
          };
        }),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  const memberships = ids.map((id, i) => ({ user_id: id, group_id: i % 20 === 0 ? maintainer : readOnly }));
  for (let i = 0; i < memberships.length; i += 5000)
    await connection.db
      .insertInto('authz_user_group')
      .values(memberships.slice(i, i + 5000))
      .execute();
  ids.forEach((id, i) => i % 20 !== 0 && readers.push(id));
  return { ids, readers };
}

/**
 * ingest: every experiment goes through the kit's object write path (the one the app's create
 * function uses: one transaction per batch, after-create hooks included). There is nothing to
 * materialise: rules are evaluated live, which is why this is fast.
 */
export async function ingest(authz: AppAuthz, userIds: readonly number[], count: number) {
  const rnd = random(42);
  const base = Date.now();
  const start = process.hrtime.bigint();
  const batch = 2000;
  for (let i = 0; i < count; i += batch) {
    const rows = Array.from({ length: Math.min(batch, count - i) }, (_, k) => {
      const n = i + k;
      const material = MATERIALS[Math.floor(rnd() * MATERIALS.length)]!;
      return {
        title: `${material} cell ${n}`,
        cathode_material: material,
        status: rnd() < 0.7 ? 'public' : 'private',
        owner_id: userIds[Math.floor(rnd() * userIds.length)]!,
        created_at: base + n,
        updated_at: base + n,
      };
    });
    await authz.experiments.create(rows);
  }
  const ms = elapsedMs(start);
  return { ingest_per_s: Math.round(count / (ms / 1000)), ingest_s: ms / 1000 };
}
