import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import type { RoleMapping } from './role-mapping.ts';

/** What the relying party verified about the person (the ID token's and userinfo's claims). */
export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly preferredUsername: string | null;
  readonly name: string | null;
  /** The values of the mapped claim (see `claimValues`). */
  readonly roleValues: readonly string[];
}

/** The operator's rules for provider accounts (set by environment in the application). */
export interface ExternalSignInOptions {
  /** E-mail domains (lower case) whose people may sign in; the part after the last `@`. */
  readonly allowedDomains: readonly string[];
  readonly mapping: RoleMapping | null;
  /** The role every new provider account gets, and nothing more (`Read only` in BatteryDB). */
  readonly defaultRole: string;
  /** Provider-linked accounts lose their local password (they sign in at the provider only). */
  readonly disableLocalPassword: boolean;
}

export type RefusalReason =
  'email-missing' | 'email-unverified' | 'email-domain' | 'deactivated' | 'email-ambiguous';

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The e-mail checks every provider sign-in passes first; null when the e-mail may sign in. */
export function emailRefusal(
  identity: VerifiedIdentity,
  options: ExternalSignInOptions,
): RefusalReason | null {
  if (identity.email === null || !identity.email.includes('@')) return 'email-missing';
  if (!identity.emailVerified) return 'email-unverified';
  if (!options.allowedDomains.includes(emailDomain(identity.email))) return 'email-domain';
  return null;
}

export async function recordRefusal(
  ctx: AuthzContext,
  identity: VerifiedIdentity,
  reason: RefusalReason,
  userId: number | null,
  clientAddress: string | null,
): Promise<void> {
  await recordAudit(ctx, {
    actorId: null,
    action: 'auth.external_refused',
    target: { type: 'auth.user', id: userId },
    before: null,
    after: { reason, issuer: identity.issuer, subject: identity.subject, email: identity.email },
    clientAddress,
  });
}

/** The linked identities of a user, for the admin's user page. */
export async function externalIdentitiesOf(
  ctx: AuthzContext,
  userId: number,
): Promise<{ issuer: string; subject: string; createdAt: Date; lastSignInAt: Date | null }[]> {
  const rows = await ctx.db
    .selectFrom('authz_external_identity')
    .select(['issuer', 'subject', 'created_at', 'last_sign_in_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    issuer: r.issuer,
    subject: r.subject,
    createdAt: new Date(r.created_at),
    lastSignInAt: r.last_sign_in_at === null ? null : new Date(r.last_sign_in_at),
  }));
}

/** Marks a successful provider sign-in; drops the local password when the operator says so. */
export async function touchSignIn(
  ctx: AuthzContext,
  userId: number,
  identity: VerifiedIdentity,
  options: ExternalSignInOptions,
): Promise<void> {
  const now = ctx.now();
  await ctx.db
    .updateTable('authz_external_identity')
    .set({ last_sign_in_at: now })
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .execute();
  await ctx.db
    .updateTable('authz_user')
    .set({ last_login: now, ...(options.disableLocalPassword ? { password_hash: null } : {}) })
    .where('id', '=', userId)
    .execute();
}
