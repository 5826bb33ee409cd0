import type { Subject, ValidApiToken, ValidSession } from '@batterydb/authz';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problem.ts';

/** How the caller proved who they are. */
export type Credential =
  { kind: 'session'; session: ValidSession; token: string } | { kind: 'token'; token: ValidApiToken };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller with their permissions loaded for this request, or null. */
    subject: Subject | null;
    credential: Credential | null;
  }
}

/** The caller of a route whose access already required sign-in. */
export function signedIn(request: FastifyRequest): Subject {
  if (!request.subject) throw new HttpProblem('UNAUTHENTICATED', 'sign in first');
  return request.subject;
}
