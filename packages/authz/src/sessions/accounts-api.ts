import { findAuditEntries } from '../audit/find-audit-entries.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { createApiToken } from '../tokens/create-api-token.ts';
import { listApiTokens, revokeApiToken } from '../tokens/manage-api-tokens.ts';
import { authenticateApiToken, validateApiToken } from '../tokens/validate-api-token.ts';
import { changePassword } from './change-password.ts';
import { createSession } from './create-session.ts';
import { endUserCredentials } from './end-credentials.ts';
import { endSession, endUserSessions } from './end-sessions.ts';
import { endOwnSessions, listUserSessions } from './own-sessions.ts';
import { signIn } from './sign-in.ts';
import { completeSignIn, sessionAfterFirstFactor } from './factor-sign-in.ts';
import {
  beginEnrolment,
  pendingEnrolment,
  removeSecondFactor,
  secondFactorStatus,
} from '../second-factor/factor-store.ts';
import {
  confirmEnrolment,
  regenerateRecoveryCodes,
  removeOwnSecondFactor,
} from '../second-factor/enrol-factor.ts';
import { resetThrottle, throttleStatus } from '../throttle/throttle-status.ts';
import { authenticateSession, validateSession } from './validate-session.ts';

type Rest<F> = F extends (ctx: AuthzContext, ...rest: infer R) => infer T ? (...rest: R) => T : never;
function bind<F extends (ctx: AuthzContext, ...rest: never[]) => unknown>(ctx: AuthzContext, fn: F): Rest<F> {
  return ((...rest: never[]) => fn(ctx, ...rest)) as Rest<F>;
}

/** The facade's part for signing in, sessions, API tokens and the audit log (issue 4). */
export function accountsApi(ctx: AuthzContext) {
  return {
    signIn: bind(ctx, signIn),
    changePassword: bind(ctx, changePassword),
    createSession: bind(ctx, createSession),
    validateSession: bind(ctx, validateSession),
    /** The session and its user's Subject: a request's authentication in one statement (cached permissions). */
    authenticateSession: bind(ctx, authenticateSession),
    endSession: bind(ctx, endSession),
    endUserSessions: bind(ctx, endUserSessions),
    endUserCredentials: bind(ctx, endUserCredentials),
    /** A user's own sessions, and ending one or all others of them (ASVS 3.3.4). */
    listUserSessions: bind(ctx, listUserSessions),
    endOwnSessions: bind(ctx, endOwnSessions),

    createApiToken: bind(ctx, createApiToken),
    listApiTokens: bind(ctx, listApiTokens),
    revokeApiToken: bind(ctx, revokeApiToken),
    validateApiToken: bind(ctx, validateApiToken),
    authenticateApiToken: bind(ctx, authenticateApiToken),

    /** The TOTP second factor (issue 27): the step after any first factor, enrolment, removal. */
    sessionAfterFirstFactor: bind(ctx, sessionAfterFirstFactor),
    completeSignIn: bind(ctx, completeSignIn),
    secondFactorStatus: bind(ctx, secondFactorStatus),
    beginEnrolment: bind(ctx, beginEnrolment),
    pendingEnrolment: bind(ctx, pendingEnrolment),
    confirmEnrolment: bind(ctx, confirmEnrolment),
    regenerateRecoveryCodes: bind(ctx, regenerateRecoveryCodes),
    removeOwnSecondFactor: bind(ctx, removeOwnSecondFactor),
    removeSecondFactor: bind(ctx, removeSecondFactor),

    recordAudit: bind(ctx, recordAudit),
    findAuditEntries: bind(ctx, findAuditEntries),

    /** What throttling holds now, and lifting it (the operator's `throttle` command). */
    throttleStatus: bind(ctx, throttleStatus),
    resetThrottle: bind(ctx, resetThrottle),
  };
}
