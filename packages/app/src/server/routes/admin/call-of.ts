import type { FastifyRequest } from 'fastify';
import type { AdminCall } from '../../../accounts/admin-call.ts';
import { signedIn } from '../../auth/request-auth.ts';

/** The admin operation's actor and client address, from the request. */
export function callOf(request: FastifyRequest): AdminCall {
  return {
    authz: request.server.batterydb.authz,
    actorId: signedIn(request).user.id,
    clientAddress: request.ip,
  };
}
