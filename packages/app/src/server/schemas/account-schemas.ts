import { type Static, Type } from '@sinclair/typebox';
import { closed, NewPasswordString, NullableTimestamp, PasswordString, Timestamp } from './common.ts';

export const UsernameString = Type.String({ minLength: 1, maxLength: 150 });

export const UserJson = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  fullName: Type.String(),
  isActive: Type.Boolean(),
  isStaff: Type.Boolean(),
  isSuperuser: Type.Boolean(),
  lastLogin: NullableTimestamp,
  dateJoined: Timestamp,
  hasUsablePassword: Type.Boolean(),
});

export const GroupRef = Type.Object({ id: Type.Integer(), name: Type.String() });

export const LoginBody = closed({
  username: UsernameString,
  password: PasswordString,
  /** The 6-digit code or a recovery code, for accounts with two-factor sign-in (issue 27). */
  code: Type.Optional(Type.String({ maxLength: 64 })),
});
export type LoginBody = Static<typeof LoginBody>;

export const SignedInJson = Type.Object({ user: UserJson, csrfToken: Type.String() });

export const MeJson = Type.Object({
  user: UserJson,
  groups: Type.Array(GroupRef),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const PasswordChangeBody = closed({
  currentPassword: PasswordString,
  newPassword: NewPasswordString,
  keepApiTokens: Type.Optional(
    Type.Boolean({ description: 'keep your API tokens working (default: they end with the old password)' }),
  ),
});
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

/** One entry of a token's scope: a permission, on every object (null / absent) or on these. */
export const TokenScopeEntryJson = closed({
  permission: Type.String({ minLength: 1, maxLength: 201 }),
  objects: Type.Optional(
    Type.Union([
      Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
        minItems: 1,
        maxItems: 1000,
      }),
      Type.Null(),
    ]),
  ),
});

const TokenScopeJson = Type.Union([Type.Array(TokenScopeEntryJson, { maxItems: 100 }), Type.Null()], {
  description:
    'what the token may be used for: each decision is its user’s AND this (null: its user’s full rights)',
});

export const TokenCreateBody = closed({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  scope: Type.Optional(TokenScopeJson),
});
export type TokenCreateBody = Static<typeof TokenCreateBody>;

export const TokenJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Timestamp,
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  scope: TokenScopeJson,
});
export const NewTokenJson = Type.Composite([TokenJson, Type.Object({ token: Type.String() })]);

export const SessionJson = Type.Object({
  id: Type.Integer(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  current: Type.Boolean({ description: 'the session this request came with' }),
});

export const PasswordChangedJson = Type.Object({
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  endedSessions: Type.Integer({ minimum: 0 }),
  endedApiTokens: Type.Integer({ minimum: 0 }),
});
