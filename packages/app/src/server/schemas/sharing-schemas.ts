import { Type } from '@sinclair/typebox';
import { closed, IdInteger, NullableTimestamp, Timestamp } from './common.ts';

const GroupName = Type.Union([Type.String(), Type.Null()], {
  description: 'the group the holder gets it through; null when it is the holder’s own',
});

/** Where a permission on the experiment comes from (the "why" of guardian's object-permissions page). */
const PermSourceJson = Type.Union([
  closed({ kind: Type.Literal('superuser') }),
  closed({ kind: Type.Literal('model-level'), group: GroupName }),
  closed({
    kind: Type.Literal('rule'),
    rule: Type.String({ description: 'the rule’s name' }),
    group: GroupName,
  }),
  closed({
    kind: Type.Literal('grant'),
    group: GroupName,
    expiresAt: Type.Union([Timestamp, Type.Null()], { description: 'when the grant ends; null: never' }),
  }),
]);

const HeldPermissionsJson = Type.Array(
  closed({ perm: Type.String(), sources: Type.Array(PermSourceJson, { minItems: 1 }) }),
);

const UserRefJson = closed({ id: IdInteger, username: Type.String() });
const GroupRefJson = closed({ id: IdInteger, name: Type.String() });

/**
 * `GET /api/experiments/:id/permissions`: who holds what on the experiment right now and why
 * (the same decision as every check: a user is listed with a permission iff the check says
 * yes), rules that give something to everyone, and every stored grant — also those that do not
 * count now (expired, or curated: a `change` grant on a public experiment), so they can be revoked.
 */
export const ExperimentPermissionsJson = closed({
  users: Type.Array(closed({ holder: UserRefJson, permissions: HeldPermissionsJson }), {
    description: 'active users holding at least one permission on the experiment',
  }),
  groups: Type.Array(closed({ holder: GroupRefJson, permissions: HeldPermissionsJson }), {
    description: 'groups whose members get a permission on the experiment through them',
  }),
  everyone: Type.Array(
    closed({
      perm: Type.String(),
      rule: Type.String(),
      anonymous: Type.Boolean({ description: 'signed-out visitors too' }),
    }),
    { description: 'rules giving a permission to every signed-in user (not expanded into users)' },
  ),
  grants: Type.Array(
    closed({
      holder: Type.Union([closed({ user: UserRefJson }), closed({ group: GroupRefJson })]),
      permission: Type.String(),
      expiresAt: NullableTimestamp,
      counts: Type.Boolean({
        description: 'false when expired, or when the policy does not count it now (curated data)',
      }),
    }),
    { description: 'every grant stored on the experiment, to users and groups' },
  ),
});
