import { AuthzError } from '../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { addMember } from '../groups/memberships.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { createUser, isUniqueViolation } from '../users/create-user.ts';
import { toUser, type User, USERNAME_MAX, validFullName } from '../users/user.ts';
import {
  emailRefusal,
  type ExternalSignInOptions,
  recordRefusal,
  type RefusalReason,
  touchSignIn,
  type VerifiedIdentity,
} from './external-identity.ts';
import { syncMappedRoles } from './sync-mapped-roles.ts';

/**
 * Where a verified provider identity leads. `link`: a local account has the same e-mail and
 * must prove itself with its password first — never linked silently by e-mail.
 */
export type ExternalSignInResult =
  | { kind: 'signed-in'; user: User; created: boolean }
  | { kind: 'link'; userId: number; username: string }
  | { kind: 'refused'; reason: RefusalReason };

/** A username from what the provider says, in the characters usernames allow. */
function usernameBase(identity: VerifiedIdentity): string {
  const raw = identity.preferredUsername ?? identity.email?.slice(0, identity.email.lastIndexOf('@')) ?? '';
  const clean = raw.replace(/[^A-Za-z0-9.@+_-]/g, '').slice(0, USERNAME_MAX - 4);
  return clean === '' ? 'user' : clean;
}

/** A new account: Read only, no password, the identity linked; a taken name gets a number. */
async function createFromProvider(
  ctx: AuthzContext,
  identity: VerifiedIdentity,
  options: ExternalSignInOptions,
): Promise<User> {
  const base = usernameBase(identity);
  for (let n = 1; ; n++) {
    const username = n === 1 ? base : `${base}-${n}`;
    const taken = await ctx.db
      .selectFrom('authz_user')
      .select('id')
      .where('username_key', '=', username.normalize('NFKC').toLowerCase())
      .executeTakeFirst();
    if (taken && n < 50) continue;
    const user = await createUser(ctx, {
      username,
      email: identity.email ?? '',
      fullName: validFullName(identity.name ?? '') ?? '',
    });
    const role = await ctx.db
      .selectFrom('authz_group')
      .select('id')
      .where('name', '=', options.defaultRole)
      .executeTakeFirst();
    if (role) await addMember(ctx, role.id, user.id);
    await ctx.db
      .insertInto('authz_external_identity')
      .values({
        user_id: user.id,
        issuer: identity.issuer,
        subject: identity.subject,
        created_at: ctx.now(),
        last_sign_in_at: null,
      })
      .execute();
    return user;
  }
}

/**
 * A verified identity signs in: the linked account (if active), or a new Read only account,
 * or the request to link an existing account with the same e-mail. Every outcome is audited;
 * the caller starts the session (one place, so a second-factor step can stand in front of it).
 */
export async function resolveExternalSignIn(
  ctx: AuthzContext,
  identity: VerifiedIdentity,
  options: ExternalSignInOptions,
  clientAddress: string | null,
): Promise<ExternalSignInResult> {
  // Two first sign-ins of one identity at once (two tabs, a double click) both try to create the
  // account; the loser hits the unique index on (issuer, subject) or on the username. Its
  // transaction is rolled back whole, and a second try finds what the winner made.
  for (let attempt = 1; ; attempt++)
    try {
      return await resolveOnce(ctx, identity, options, clientAddress);
    } catch (error) {
      const raced =
        error instanceof SignInRaced ||
        isUniqueViolation(error) ||
        (error instanceof AuthzError && error.code === 'CONFLICT' && error.field === 'username');
      if (attempt >= 3 || !raced) throw error;
    }
}

/** A concurrent sign-in of the same identity won; the next try finds its account. */
class SignInRaced extends Error {}

async function linkedUserId(ctx: AuthzContext, identity: VerifiedIdentity): Promise<number | null> {
  const row = await ctx.db
    .selectFrom('authz_external_identity')
    .select('user_id')
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

function resolveOnce(
  ctx: AuthzContext,
  identity: VerifiedIdentity,
  options: ExternalSignInOptions,
  clientAddress: string | null,
): Promise<ExternalSignInResult> {
  return withTransaction(ctx, async (tx) => {
    const linked = await tx.db
      .selectFrom('authz_external_identity as e')
      .innerJoin('authz_user as u', 'u.id', 'e.user_id')
      .selectAll('u')
      .where('e.issuer', '=', identity.issuer)
      .where('e.subject', '=', identity.subject)
      .executeTakeFirst();
    const refusal =
      emailRefusal(identity, options) ?? (linked && linked.is_active !== 1 ? 'deactivated' : null);
    if (refusal) {
      await recordRefusal(tx, identity, refusal, linked?.id ?? null, clientAddress);
      return { kind: 'refused', reason: refusal };
    }
    let user: User;
    let created = false;
    if (linked) user = toUser(linked);
    else {
      const sameEmail = await tx.db
        .selectFrom('authz_user')
        .select(['id', 'username'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', (identity.email ?? '').toLowerCase()))
        .limit(2)
        .execute();
      if (sameEmail.length > 1) {
        await recordRefusal(tx, identity, 'email-ambiguous', null, clientAddress);
        return { kind: 'refused', reason: 'email-ambiguous' };
      }
      if (sameEmail[0]) {
        // Read committed: the account may be one a concurrent first sign-in of this very identity
        // committed after `linked` was read. Then this is no link to ask for: try again.
        if (await linkedUserId(tx, identity)) throw new SignInRaced();
        await recordAudit(tx, {
          actorId: null,
          action: 'auth.external_link_asked',
          target: { type: 'auth.user', id: sameEmail[0].id },
          before: null,
          after: { issuer: identity.issuer, subject: identity.subject, email: identity.email },
          clientAddress,
        });
        return { kind: 'link', userId: sameEmail[0].id, username: sameEmail[0].username };
      }
      user = await createFromProvider(tx, identity, options);
      created = true;
      await recordAudit(tx, {
        actorId: null,
        action: 'auth.external_user_created',
        target: { type: 'auth.user', id: user.id },
        before: null,
        after: {
          username: user.username,
          issuer: identity.issuer,
          subject: identity.subject,
          role: options.defaultRole,
        },
        clientAddress,
      });
    }
    await finishSignIn(tx, user.id, identity, options, clientAddress);
    return { kind: 'signed-in', user, created };
  });
}

/** What every successful provider sign-in does last: time stamps, role sync, the audit entry. */
export async function finishSignIn(
  ctx: AuthzContext,
  userId: number,
  identity: VerifiedIdentity,
  options: ExternalSignInOptions,
  clientAddress: string | null,
): Promise<void> {
  await touchSignIn(ctx, userId, identity, options);
  await syncMappedRoles(ctx, userId, identity.roleValues, options.mapping, clientAddress);
  await recordAudit(ctx, {
    actorId: null,
    action: 'auth.external_sign_in',
    target: { type: 'auth.user', id: userId },
    before: null,
    after: { issuer: identity.issuer, subject: identity.subject },
    clientAddress,
  });
}

export { isUniqueViolation };
