import type { Dialect } from '../../../../../test-support/databases.ts';
import { makeUser, signIn, testServer } from './server.ts';

/**
 * The accounts the admin-users tests act with: a superuser, a manager (staff with view, add and
 * change user, and one battery permission), a viewer, a half-permitted adder, a non-staff
 * outsider, plain users, a user holding more than the manager, and a superuser.
 */
export async function usersFixture(dialect: Dialect) {
  const s = await testServer(dialect);
  await makeUser(s.authz, 'root', { staff: true, superuser: true });
  const managerId = (
    await makeUser(s.authz, 'manager', {
      staff: true,
      perms: ['auth.view_user', 'auth.add_user', 'auth.change_user', 'batterydb.add_experiment'],
    })
  ).id;
  await makeUser(s.authz, 'viewer', { staff: true, perms: ['auth.view_user'] });
  await makeUser(s.authz, 'adder', { staff: true, perms: ['auth.add_user', 'auth.view_user'] });
  await makeUser(s.authz, 'outsider', { perms: ['auth.view_user', 'auth.add_user', 'auth.change_user'] });
  const ids: Record<string, number> = {};
  // Long names get a password that is not the name plus "-password" (too similar, SPEC §5).
  for (const name of ['plain', 'plain2', 'under_score', 'underXscore'])
    ids[name] = (await makeUser(s.authz, name, { password: 'an unrelated secret' })).id;
  ids.mighty = (await makeUser(s.authz, 'mighty', { perms: ['batterydb.delete_experiment'] })).id;
  ids.boss = (await makeUser(s.authz, 'boss', { superuser: true, staff: true })).id;
  await s.authz.updateUser(ids.plain2!, { email: 'second@lab.example' });
  const root = await signIn(s.app, 'root', 'root-password');
  const manager = await signIn(s.app, 'manager', 'manager-password');
  const audits = async () => (await s.db.selectFrom('authz_audit_log').select('id').execute()).length;
  return { s, root, manager, managerId, ids, audits };
}

export const field = (r: { json<T>(): T }) => r.json<{ field?: string }>().field;
