import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { AuthzError } from '../errors.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import {
  hashRecoveryCode,
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { base32, newTotpSecret, otpauthUri } from './totp.ts';

/** A user's second factor as pages show it; never the secret. */
export interface SecondFactorStatus {
  /** A confirmed factor: sign-in asks for a code. */
  readonly enrolled: boolean;
  readonly confirmedAt: Date | null;
  /** Enrolment begun and not yet confirmed. */
  readonly pending: boolean;
  readonly recoveryCodesLeft: number;
}

export async function secondFactorStatus(ctx: AuthzContext, userId: number): Promise<SecondFactorStatus> {
  const row = await ctx.db
    .selectFrom('authz_totp')
    .select('confirmed_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const left = await ctx.db
    .selectFrom('authz_recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  const confirmed = row?.confirmed_at ?? null;
  return {
    enrolled: confirmed !== null,
    confirmedAt: confirmed === null ? null : new Date(Number(confirmed)),
    pending: row !== undefined && confirmed === null,
    recoveryCodesLeft: confirmed === null ? 0 : Number(left.n),
  };
}

/** What the enrolment page shows: the URI for the QR code and the same secret for typing. */
export interface Enrolment {
  readonly uri: string;
  readonly secret: string;
}

/**
 * Starts (or restarts) enrolment with a new secret. It counts only once confirmed with a code
 * from the app ({@link confirmEnrolment}), so a user who never finishes is not locked out. A
 * confirmed factor is not replaced here: removing it needs proof (`removeOwnSecondFactor`).
 */
export function beginEnrolment(
  ctx: AuthzContext,
  userId: number,
  label: { issuer: string; account: string },
): Promise<Enrolment> {
  return withTransaction(ctx, async (tx) => {
    const existing = await tx.db
      .selectFrom('authz_totp')
      .select('confirmed_at')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing?.confirmed_at != null)
      throw new AuthzError('CONFLICT', 'a second factor is already set up; remove it first', 'secondFactor');
    const secret = newTotpSecret();
    const sealed = sealSecret(ctx.secondFactorKey, secret, userId);
    const now = ctx.now();
    await tx.db.deleteFrom('authz_totp').where('user_id', '=', userId).execute();
    await tx.db
      .insertInto('authz_totp')
      .values({ user_id: userId, secret: sealed, created_at: now, confirmed_at: null, last_step: null })
      .execute();
    return { uri: otpauthUri(secret, label.issuer, label.account), secret: base32(secret) };
  });
}

/** The secret of a pending enrolment, to show again (the page reloaded); null when there is none. */
export async function pendingEnrolment(
  ctx: AuthzContext,
  userId: number,
  label: { issuer: string; account: string },
): Promise<Enrolment | null> {
  const row = await ctx.db
    .selectFrom('authz_totp')
    .select(['secret', 'confirmed_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row || row.confirmed_at !== null) return null;
  const secret = openSecret(ctx.secondFactorKey, row.secret, userId);
  return { uri: otpauthUri(secret, label.issuer, label.account), secret: base32(secret) };
}

/** The user's factor secret and the last accepted step, or null (no factor, or only pending when `confirmed`). */
export async function loadFactor(ctx: AuthzContext, userId: number) {
  const row = await ctx.db
    .selectFrom('authz_totp')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    secret: openSecret(ctx.secondFactorKey, row.secret, userId),
    confirmed: row.confirmed_at !== null,
    lastStep: row.last_step === null ? null : Number(row.last_step),
  };
}

/**
 * Accepts a time step once: the update succeeds only while the stored step is older, so the
 * same code (or an earlier one) is refused afterwards, even by a concurrent request.
 */
export async function consumeStep(ctx: AuthzContext, userId: number, step: number): Promise<boolean> {
  const result = await ctx.db
    .updateTable('authz_totp')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Uses a recovery code once: the update succeeds only while it is unused. */
export async function consumeRecoveryCode(
  ctx: AuthzContext,
  userId: number,
  typed: string,
): Promise<boolean> {
  const normalised = normaliseRecoveryCode(typed);
  if (normalised === null) return false;
  const result = await ctx.db
    .updateTable('authz_recovery_code')
    .set({ used_at: ctx.now() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(normalised))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ten new recovery codes in place of the old ones (all of them, used or not); shown once. */
export async function replaceRecoveryCodes(ctx: AuthzContext, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = ctx.now();
  await ctx.db.deleteFrom('authz_recovery_code').where('user_id', '=', userId).execute();
  await ctx.db
    .insertInto('authz_recovery_code')
    .values(
      codes.map((code) => ({
        user_id: userId,
        code_hash: hashRecoveryCode(normaliseRecoveryCode(code)!),
        created_at: now,
        used_at: null,
      })),
    )
    .execute();
  return codes;
}

/**
 * Removes a user's factor and recovery codes and the sign-ins waiting on it; audited with who
 * did it. The caller has decided it may (its own factor with proof, or SPEC §4 for another's).
 */
export function removeSecondFactor(
  ctx: AuthzContext,
  userId: number,
  by: { actorId: number | null; clientAddress?: string | null },
): Promise<boolean> {
  return withTransaction(ctx, async (tx) => {
    const row = await tx.db
      .selectFrom('authz_totp')
      .select('confirmed_at')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return false;
    await tx.db.deleteFrom('authz_totp').where('user_id', '=', userId).execute();
    await tx.db.deleteFrom('authz_recovery_code').where('user_id', '=', userId).execute();
    await tx.db.deleteFrom('authz_factor_challenge').where('user_id', '=', userId).execute();
    await recordAudit(tx, {
      actorId: by.actorId,
      action: 'user.second_factor_remove',
      target: { type: 'auth.user', id: userId },
      before: { enrolled: row.confirmed_at !== null },
      after: { enrolled: false },
      clientAddress: by.clientAddress ?? null,
    });
    return true;
  });
}
