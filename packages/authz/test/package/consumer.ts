/**
 * A TypeScript consumer of the packed kit: `package.test.ts` type-checks it in a scratch
 * project against the shipped `.d.ts` (strict, no skipLibCheck); the monorepo's typecheck
 * reads it against the sources. Each `@ts-expect-error` is a mistake the types must refuse.
 */
import {
  type Authz,
  authModels,
  type AuthzTables,
  createAuthz,
  createRegistry,
  defineModel,
  definePolicy,
  defineRoles,
  eq,
  type MigrateReport,
  ownerRule,
  type PasswordHasher,
  type PermissionOf,
} from '@batterydb/authz';
import type { Kysely } from 'kysely';

const sample = defineModel({ app: 'lab', name: 'sample', permissions: ['approve_sample'] });
const registry = createRegistry([...authModels, sample]);
type Perm = PermissionOf<(typeof authModels)[number] | typeof sample>;

const samples = definePolicy({
  model: sample,
  table: 'sample',
  rules: [ownerRule({ name: 'owner', field: 'owner_id', permissions: ['lab.view_sample'] })],
  grantsCountWhen: { 'lab.change_sample': eq('status', 'draft') },
});

definePolicy({
  model: sample,
  table: 'sample',
  // @ts-expect-error: a permission of another model
  rules: [ownerRule({ name: 'owner', field: 'owner_id', permissions: ['auth.view_user'] })],
});

const roles = defineRoles<Perm>([{ name: 'Technicians', permissions: ['lab.view_sample'] }]);
// @ts-expect-error: a misspelt permission
defineRoles<Perm>([{ name: 'Typo', permissions: ['lab.veiw_sample'] }]);

const hasher: PasswordHasher = {
  hash: (password) => Promise.resolve(`plain:${password}`),
  verify: (encoded, password) => Promise.resolve(encoded === `plain:${password}`),
  needsRehash: () => false,
};

export async function consume(db: Kysely<AuthzTables>): Promise<MigrateReport> {
  const authz: Authz<Perm> = createAuthz({ db, registry, policies: [samples], hasher });
  const report = await authz.migrate({ roles, migrationTableName: 'lab_authz_migration' });
  const user = await authz.createUser({ username: 'ada' });
  const joined: Date = user.dateJoined;
  const yes: boolean = await authz.hasPerm(user.id, 'lab.approve_sample');
  // @ts-expect-error: not a permission of this registry
  await authz.hasPerm(user.id, 'lab.approve_report');
  const objects = authz.objects(samples);
  const page = await objects.list(user.id, 'lab.view_sample', { orderBy: 'id', direction: 'asc', limit: 10 });
  const why = await objects.explain(user.id, 'lab.view_sample', page.items[0]?.id ?? 1);
  if (why.allowed) for (const reason of why.reasons) console.log(reason.kind);
  console.log(joined.toISOString(), yes);
  // The application's rows, the kit's grants and the audit entry in one transaction.
  const stamp: Date = await authz.transaction(async (tx, trx) => {
    await trx.selectFrom('authz_user').select('id').execute();
    await tx.recordAudit({
      actorId: user.id,
      action: 'sample.note',
      target: { type: 'note', id: null },
      before: null,
      after: null,
    });
    return tx.now();
  });
  await db
    .transaction()
    .execute((trx) => authz.withTransaction(trx).addUserPerms(user.id, ['lab.view_sample']));
  // @ts-expect-error: the kit's internal context is not on the surface
  void authz.ctx;
  console.log(stamp.toISOString());
  return report;
}
