import type { HolderPermissions, PermissionSource, StoredGrant } from '@batterydb/authz';
import { iso } from '../schemas/common.ts';

const sourceJson = (s: PermissionSource) => (s.kind === 'grant' ? { ...s, expiresAt: iso(s.expiresAt) } : s);

/** Who-has answers with ISO 8601 times (the API's convention). */
export function holdersJson<H>(holders: readonly HolderPermissions<H>[]) {
  return holders.map(({ holder, permissions }) => ({
    holder,
    permissions: permissions.map(({ perm, sources }) => ({ perm, sources: sources.map(sourceJson) })),
  }));
}

export function storedGrantJson(grant: StoredGrant) {
  return { ...grant, expiresAt: iso(grant.expiresAt) };
}
