import { decideModelPerm, type Subject } from '@batterydb/authz';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Flash, takeFlash } from './layout/flash.ts';

/** What every page's layout needs to know about the request. */
export interface PageContext {
  subject: Subject | null;
  /** The session's CSRF token, for form fields and `<meta name="csrf-token">` (client scripts' fetch). */
  csrfToken: string | null;
  /** The path being shown (navigation marks the current section). */
  path: string;
  flash: Flash | null;
  /** Anonymous visitors may read public experiments (BATTERYDB_ANONYMOUS_READ). */
  anonymousRead: boolean;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  return {
    subject: request.subject,
    csrfToken: request.credential?.kind === 'session' ? request.credential.session.csrfToken : null,
    path: request.url.split('?')[0] ?? '/',
    flash: takeFlash(request, reply),
    anonymousRead: request.server.batterydb.settings.anonymousRead,
  };
}

/** A model-level permission of the viewer, for showing a control (the server decides again on use). */
export function viewerHas(ctx: PageContext, permission: Parameters<typeof decideModelPerm>[1]): boolean {
  return ctx.subject !== null && decideModelPerm(ctx.subject, permission);
}
