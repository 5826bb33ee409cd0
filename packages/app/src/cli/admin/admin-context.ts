import type { Subject } from '@batterydb/authz';
import type { AdminCall } from '../../accounts/admin-call.ts';
import type { Access } from '../../server/access.ts';
import { openApp } from '../open-app.ts';
import { actingUser, requireAccess } from './acting-user.ts';
import type { CliIo } from './cli-io.ts';

export type OpenedApp = Awaited<ReturnType<typeof openApp>>;

/** What an admin command runs with: the open app, the acting account, and its admin call. */
export interface AdminContext {
  readonly app: OpenedApp;
  readonly actor: Subject;
  readonly call: AdminCall;
  readonly io: CliIo;
}

/**
 * Opens the database, resolves the acting account, checks the command's access (declared as
 * its API route's), runs it and closes the database whatever happens. The client address in
 * audit entries is `cli`.
 */
export async function asActor<T>(
  io: CliIo,
  as: string | undefined,
  access: Access,
  safe: boolean,
  fn: (context: AdminContext) => Promise<T>,
): Promise<T> {
  const app = await openApp(io.env);
  try {
    const actor = await actingUser(app.authz, as, io.env);
    requireAccess(actor, access, safe);
    return await fn({
      app,
      actor,
      io,
      call: { authz: app.authz, actorId: actor.user.id, clientAddress: 'cli' },
    });
  } finally {
    await app.connection.close();
  }
}
