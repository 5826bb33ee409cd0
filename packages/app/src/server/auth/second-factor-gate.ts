import type { FastifyRequest } from 'fastify';
import type { ServerSettings } from '../app-settings.ts';

/** Where a staff account sets up the second factor the operator requires. */
export const ENROLMENT_PAGE = '/account/two-factor';

/**
 * A staff or superuser session that has not passed a second factor while the operator requires
 * one (issue 27). Decided on every request from the session row (`mfaAt`) and the user row read
 * with it, so an account made staff mid-session is held at its next request. API tokens are
 * not sessions and are unaffected.
 */
export function mustEnrolFirst(request: FastifyRequest, settings: ServerSettings): boolean {
  const { subject, credential } = request;
  return (
    settings.requireSecondFactorForStaff &&
    credential?.kind === 'session' &&
    credential.session.mfaAt === null &&
    subject !== null &&
    (subject.user.isStaff || subject.user.isSuperuser)
  );
}
