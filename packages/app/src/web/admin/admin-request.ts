import { accountViewOf, AuthzError, type Subject } from '@batterydb/authz';
import type { FastifyRequest } from 'fastify';
import { signedIn } from '../../server/auth/request-auth.ts';

/**
 * The admin site is for staff (as Django's is): routes decided on one object (`object` access,
 * like their API routes) call this after the object's own 404/403, so a non-staff caller learns
 * nothing about the object here either.
 */
export function requireStaff(request: FastifyRequest): Subject {
  const subject = signedIn(request);
  if (!subject.user.isStaff || !subject.user.isActive)
    throw new AuthzError('FORBIDDEN', 'the admin site is for staff');
  return subject;
}

/** The viewer as the no-escalation policy sees it. */
export const actorView = (request: FastifyRequest) => accountViewOf(signedIn(request));

/** Checkboxes send their value when ticked and nothing otherwise. */
export const ticked = (value: string | string[] | undefined): boolean => value !== undefined;

/** A form field that may come once or several times (checkbox lists). */
export const listOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : [value].flat();
