import {
  type AccountView,
  accountViewOf,
  AuthzError,
  type AuthzBase,
  type Decision,
  type GroupView,
} from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Perm } from '../authz/registry.ts';
import { roles } from '../authz/roles.ts';

/** Who is acting, through which kit, from where: what every admin operation needs. */
export interface AdminCall {
  readonly authz: AppAuthz;
  readonly actorId: number;
  readonly clientAddress: string | null;
}

export type Tx = AuthzBase<Perm>;

/** Declared roles: only superusers create, rename or delete groups of these names. */
export const ROLE_NAMES: ReadonlySet<string> = new Set(roles.map((r) => r.name));

/**
 * Runs an admin operation in one serializable transaction: the actor is loaded inside it
 * (fresh, not the request's snapshot), so the decision, the change and its audit entry see one
 * state and commit together, and a concurrent change that would make the decision wrong aborts
 * it (409) rather than slipping in between the check and the write.
 */
export function inAdminTransaction<T>(
  call: AdminCall,
  fn: (tx: Tx, actor: AccountView) => Promise<T>,
): Promise<T> {
  return call.authz.transaction(
    async (tx) => {
      const subject = await tx.loadSubject(call.actorId);
      if (!subject) throw new AuthzError('UNAUTHENTICATED', 'the acting account no longer exists');
      return fn(tx, accountViewOf(subject));
    },
    { serializable: true },
  );
}

/** A denial of the no-escalation policy becomes 403 naming the field. */
export function ensure(decision: Decision): void {
  if (!decision.allowed) throw new AuthzError('FORBIDDEN', decision.message, decision.field);
}

/**
 * The account acted on, as the policy sees it. Given the actor, also what it holds on objects
 * that the actor lacks (SPEC §4: object permissions are holdings too), decided in SQL in `tx`.
 */
export async function loadAccount(tx: Tx, userId: number, actorId?: number): Promise<AccountView> {
  const subject = await tx.loadSubject(userId);
  if (!subject) throw new AuthzError('NOT_FOUND', `user ${userId} does not exist`, 'user');
  const view = accountViewOf(subject);
  if (actorId === undefined) return view;
  return { ...view, objectHoldingActorLacks: await tx.objectHoldingActorLacks(actorId, { user: userId }) };
}

/** A group as the policy sees it; given the actor, with what it holds on objects that the actor lacks. */
export async function loadGroup(
  tx: Tx,
  groupId: number,
  field = 'group',
  actorId?: number,
): Promise<GroupView> {
  const group = await tx.getGroup(groupId).catch((error: unknown) => {
    if (error instanceof AuthzError && error.code === 'NOT_FOUND')
      throw new AuthzError(
        field === 'group' ? 'NOT_FOUND' : 'INVALID_INPUT',
        `group ${groupId} does not exist`,
        field,
      );
    throw error;
  });
  const view = { ...group, permissions: new Set(await tx.groupPermissionRows(groupId)) };
  if (actorId === undefined) return view;
  return { ...view, objectHoldingActorLacks: await tx.objectHoldingActorLacks(actorId, { group: groupId }) };
}

export function audit(
  tx: Tx,
  call: AdminCall,
  entry: {
    action: string;
    target: { type: 'auth.user' | 'auth.group'; id: number };
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  return tx.recordAudit({ ...entry, actorId: call.actorId, clientAddress: call.clientAddress });
}
