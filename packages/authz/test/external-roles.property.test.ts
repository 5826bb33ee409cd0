/**
 * SPEC §4 and §5 "Institutional sign-in": an identity provider's claim may give only the roles
 * the operator allowed, never staff or superuser, never a role holding power over accounts
 * (`auth.*`), whatever the claims and the configuration say. First the pure decision on random
 * worlds, then the real sign-in on both dialects: the account it makes or updates holds nothing
 * outside the allowed roles' permissions and is never staff or superuser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { GroupView } from '../src/escalation/views.ts';
import {
  decideMappedRoles,
  type ExternalSignInOptions,
  mappableGroup,
  type RoleMapping,
  type VerifiedIdentity,
} from '../src/index.ts';
import { DIALECTS } from '../../../test-support/databases.ts';
import { ALL_PERMS, kitOn } from './support/kit.ts';

const NAMES = [
  'superuser',
  'staff',
  'Superuser',
  ' STAFF',
  'Maintainer',
  'Contributor',
  'Read only',
  'admins',
  'ghost',
];
const VALUES = ['lab', 'curators', 'it', 'root', 'superuser', 'staff'];

const mappingArb = fc.record({
  claim: fc.constant('groups'),
  map: fc
    .array(
      fc.tuple(fc.constantFrom(...VALUES), fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 4 })),
      {
        maxLength: 6,
      },
    )
    .map((entries) => new Map(entries)),
  allowedRoles: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: NAMES.length }),
});

const groupsArb = fc
  .uniqueArray(fc.constantFrom(...NAMES.filter((n) => n !== 'ghost')), { maxLength: 8 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.uniqueArray(fc.constantFrom(...ALL_PERMS), { maxLength: 4 }).map((p) => ({ name, p })),
      ),
    ),
  )
  .map((list) => list.map(({ name, p }, i): GroupView => ({ id: i + 1, name, permissions: new Set(p) })));

const forbidden = (name: string) => ['staff', 'superuser'].includes(name.trim().toLowerCase());

describe('role mapping: the pure decision', () => {
  test('random claims and mappings never yield staff, superuser or a role outside the allow-list', () => {
    fc.assert(
      fc.property(
        mappingArb,
        groupsArb,
        fc.array(fc.constantFrom(...VALUES), { maxLength: 5 }),
        (mapping, groups, values) => {
          const { granted, controlled } = decideMappedRoles(values, mapping, groups);
          for (const id of [...granted, ...controlled]) {
            const group = groups.find((g) => g.id === id)!;
            assert.ok(mapping.allowedRoles.includes(group.name), `${group.name} is allowed`);
            assert.ok(!forbidden(group.name), `${group.name} is not staff/superuser`);
            assert.ok(
              ![...group.permissions].some((p) => p.startsWith('auth.')),
              `${group.name} holds nothing over accounts`,
            );
          }
          // And what is allowed is given: a mappable group named by a present value is granted.
          for (const value of values)
            for (const name of mapping.map.get(value) ?? []) {
              const group = groups.find((g) => g.name === name);
              if (group && mappableGroup(group, mapping)) assert.ok(granted.has(group.id), `${name} granted`);
            }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`role mapping through provider sign-in (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitOn>>;
    before(async () => {
      kit = await kitOn(dialect);
      await kit.authz.syncPerms();
      await kit.authz.createGroup('Read only');
      for (const name of ['superuser', 'staff', 'Maintainer', 'Contributor', 'admins']) {
        const group = await kit.authz.createGroup(name);
        // Maintainer holds lab permissions, admins hold power over accounts, the rest a bit of both.
        const perms = ALL_PERMS.filter((p) =>
          name === 'Maintainer'
            ? p.startsWith('lab.')
            : name === 'admins'
              ? p.startsWith('auth.')
              : p.endsWith('_report'),
        );
        await kit.authz.setGroupPerms(group.id, perms);
      }
    });
    after(() => kit.database.drop());

    test('accounts from random claims hold only allowed roles, never staff or superuser', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          mappingArb,
          fc.array(fc.array(fc.constantFrom(...VALUES), { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
          async (mapping: RoleMapping, signIns) => {
            n += 1;
            const options: ExternalSignInOptions = {
              allowedDomains: ['uni.example'],
              mapping,
              defaultRole: 'Read only',
              disableLocalPassword: false,
            };
            let userId = 0;
            // The same person signs in several times with changing claims (role sync each time).
            for (const values of signIns) {
              const identity: VerifiedIdentity = {
                issuer: 'https://idp.example',
                subject: `s${n}`,
                email: `p${n}@uni.example`,
                emailVerified: true,
                preferredUsername: `p${n}`,
                name: null,
                roleValues: values,
              };
              const result = await kit.authz.external.resolveSignIn(identity, options, null);
              assert.equal(result.kind, 'signed-in');
              if (result.kind !== 'signed-in') return;
              userId = result.user.id;
              const user = await kit.authz.getUser(userId);
              assert.equal(user.isStaff, false);
              assert.equal(user.isSuperuser, false);
              const held = await kit.authz.getAllPerms(userId);
              for (const perm of held) assert.ok(perm.startsWith('lab.') || perm.endsWith('_report'), perm);
              const groups = await kit.db
                .selectFrom('authz_user_group as ug')
                .innerJoin('authz_group as g', 'g.id', 'ug.group_id')
                .select('g.name')
                .where('ug.user_id', '=', userId)
                .execute();
              for (const { name } of groups) {
                assert.ok(!forbidden(name) && name !== 'admins', `never ${name}`);
                assert.ok(name === 'Read only' || mapping.allowedRoles.includes(name), `${name} allowed`);
              }
              // The last claim decides the controlled roles: Maintainer iff a present value maps to it.
              const wantsMaintainer =
                mapping.allowedRoles.includes('Maintainer') &&
                values.some((v) => (mapping.map.get(v) ?? []).includes('Maintainer'));
              assert.equal(
                groups.some((g) => g.name === 'Maintainer'),
                wantsMaintainer,
              );
            }
          },
        ),
        { numRuns: 40 },
      );
    });

    test('first sign-ins of one identity at once all succeed, as one account', async () => {
      const options: ExternalSignInOptions = {
        allowedDomains: ['uni.example'],
        mapping: { claim: 'groups', map: new Map(), allowedRoles: [] },
        defaultRole: 'Read only',
        disableLocalPassword: false,
      };
      const identity: VerifiedIdentity = {
        issuer: 'https://idp.example',
        subject: 'twin-tabs',
        email: 'twin@uni.example',
        emailVerified: true,
        preferredUsername: 'twin',
        name: null,
        roleValues: [],
      };
      const results = await Promise.all(
        Array.from({ length: 4 }, () => kit.authz.external.resolveSignIn(identity, options, null)),
      );
      const ids = results.map((r) => (r.kind === 'signed-in' ? r.user.id : r.kind));
      assert.equal(new Set(ids).size, 1, `one account for all: ${ids.join(', ')}`);
      const accounts = await kit.db
        .selectFrom('authz_user')
        .select('id')
        .where('email', '=', 'twin@uni.example')
        .execute();
      assert.equal(accounts.length, 1);
    });
  });
}
