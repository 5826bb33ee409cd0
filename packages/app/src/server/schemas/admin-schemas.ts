import { type Static, Type } from '@sinclair/typebox';
import { closed, CursorString, IdInteger, IdString, LimitString, NewPasswordString } from './common.ts';
import { GroupRef, UserJson, UsernameString } from './account-schemas.ts';
import { LAST_LOGIN_FILTERS, USER_SORTS } from '../../accounts/find-users.ts';

const EmailString = Type.String({ maxLength: 254 });
const FullNameString = Type.String({ maxLength: 600 });
const PermissionString = Type.String({ minLength: 1, maxLength: 201 });

export const ListQuery = closed({
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
  limit: Type.Optional(LimitString),
  after: Type.Optional(CursorString),
});
export type ListQuery = Static<typeof ListQuery>;

const YesNo = Type.Union([Type.Literal('true'), Type.Literal('false')]);

/** The users list: search, filters (Django admin's list filters), sort, keyset pages. */
export const UserListQuery = closed({
  search: Type.Optional(
    Type.String({ minLength: 1, maxLength: 150, description: 'part of the username, e-mail or name' }),
  ),
  active: Type.Optional(YesNo),
  staff: Type.Optional(YesNo),
  superuser: Type.Optional(YesNo),
  group: Type.Optional({ ...IdString, description: 'members of this group (id)' }),
  hasGrants: Type.Optional({ ...YesNo, description: 'holds an object grant of its own' }),
  lastLogin: Type.Optional(Type.Union(LAST_LOGIN_FILTERS.map((f) => Type.Literal(f)))),
  sort: Type.Optional(Type.Union(USER_SORTS.map((s) => Type.Literal(s)))),
  limit: Type.Optional(LimitString),
  after: Type.Optional(CursorString),
});
export type UserListQuery = Static<typeof UserListQuery>;

export const UserCreateBody = closed({
  username: UsernameString,
  email: Type.Optional(EmailString),
  fullName: Type.Optional(FullNameString),
  password: Type.Optional(NewPasswordString),
  isActive: Type.Optional(Type.Boolean()),
  isStaff: Type.Optional(Type.Boolean()),
  isSuperuser: Type.Optional(Type.Boolean()),
});
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserUpdateBody = closed(
  {
    email: Type.Optional(EmailString),
    fullName: Type.Optional(FullNameString),
    isActive: Type.Optional(Type.Boolean()),
    isStaff: Type.Optional(Type.Boolean()),
    isSuperuser: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export type UserUpdateBody = Static<typeof UserUpdateBody>;

export const SetPasswordBody = closed({ password: Type.Union([NewPasswordString, Type.Null()]) });
export type SetPasswordBody = Static<typeof SetPasswordBody>;

export const GroupsBody = closed({ groups: Type.Array(IdInteger, { maxItems: 200, uniqueItems: true }) });
export type GroupsBody = Static<typeof GroupsBody>;

export const PermissionsBody = closed({
  permissions: Type.Array(PermissionString, { maxItems: 1000, uniqueItems: true }),
});
export type PermissionsBody = Static<typeof PermissionsBody>;

export const GroupNameBody = closed({ name: Type.String({ minLength: 1, maxLength: 150 }) });
export type GroupNameBody = Static<typeof GroupNameBody>;

export const MemberBody = closed({ userId: IdInteger });
export type MemberBody = Static<typeof MemberBody>;

export const MemberParams = closed({ id: IdString, userId: IdString });

export const UserListJson = Type.Object({
  items: Type.Array(UserJson),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const UserDetailJson = Type.Object({
  user: UserJson,
  groups: Type.Array(GroupRef),
  permissions: Type.Array(Type.String(), { description: "the user's own permissions" }),
  effectivePermissions: Type.Array(Type.String(), {
    description:
      'what the user may do now: own and through groups; all for an active superuser, none when inactive',
  }),
});

export const GroupJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  permissions: Type.Array(Type.String()),
  memberCount: Type.Integer(),
});
export const GroupListJson = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), memberCount: Type.Integer() })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const PermissionJson = Type.Object({
  permission: Type.String(),
  app: Type.String(),
  model: Type.String(),
  codename: Type.String(),
  name: Type.String(),
});

export const AuditQuery = closed({
  actor: Type.Optional(IdString),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  targetId: Type.Optional(IdString),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(LimitString),
  before: Type.Optional(IdString),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntryJson = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  target: Type.Object({ type: Type.String(), id: Type.Union([Type.Integer(), Type.Null()]) }),
  before: Type.Unknown(),
  after: Type.Unknown(),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
});
