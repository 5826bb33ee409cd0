import type { ApiToken, AuditEntry, User } from '@batterydb/authz';
import { iso } from '../schemas/common.ts';

/** The API's view of a user: camelCase, ISO 8601 times, never the password hash. */
export function userJson(user: User) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    fullName: user.fullName,
    isActive: user.isActive,
    isStaff: user.isStaff,
    isSuperuser: user.isSuperuser,
    lastLogin: iso(user.lastLogin),
    dateJoined: user.dateJoined.toISOString(),
    hasUsablePassword: user.hasUsablePassword,
  };
}

export function tokenJson(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    expiresAt: iso(token.expiresAt),
    lastUsedAt: iso(token.lastUsedAt),
    scope:
      token.scope === null
        ? null
        : token.scope.map((e) => ({ permission: e.permission, objects: e.objects ?? null })),
  };
}

export function auditJson(entry: AuditEntry) {
  return { ...entry, at: entry.at.toISOString() };
}
