import type { FastifyRequest } from 'fastify';
import type { AppAuthz } from '../../../authz/create-app-authz.ts';
import { changeAccountGroups, setAccountPermissions } from '../../../accounts/manage-memberships.ts';
import { updateAccount } from '../../../accounts/manage-users.ts';
import { callOf } from '../../../server/routes/admin/call-of.ts';
import { FormInputError } from '../../forms/form-errors.ts';
import { listOf, ticked } from '../admin-request.ts';

/** The user page's one form: account fields, flags, groups and own permissions together. */
export interface UserFormBody {
  fullName?: string;
  email?: string;
  isStaff?: string;
  isSuperuser?: string;
  /** The flags, groups and permissions the form showed as checkboxes (an unticked box is "off"). */
  _flags?: string | string[];
  groups?: string | string[];
  _groupsShown?: string | string[];
  permissions?: string | string[];
  _permissionsShown?: string | string[];
  /** `continue`: back to the same page ("Save and continue editing"); else to the list. */
  _save?: string;
}

const FLAGS = ['isStaff', 'isSuperuser'] as const;

/** What the person typed and ticked, to show again as it was when a save is refused. */
export interface UserFormValues {
  fullName: string;
  email: string;
  flags: Partial<Record<(typeof FLAGS)[number], boolean>>;
  groups?: number[];
  permissions?: string[];
}

function ids(values: readonly string[], field: string): number[] {
  return values.map((v) => {
    if (!/^[1-9][0-9]{0,9}$/.test(v)) throw new FormInputError(field, `${field} must be ids of groups`);
    return Number(v);
  });
}

export function typedValues(body: UserFormBody): UserFormValues {
  const shown = listOf(body._flags);
  // A ticked box is true; a box the form showed and left unticked is false; anything else is
  // no change. A flag added by hand therefore reaches the policy, which decides.
  const flags = Object.fromEntries(
    FLAGS.flatMap((f) => (ticked(body[f]) ? [[f, true]] : shown.includes(f) ? [[f, false]] : [])),
  );
  const groupsShown = body._groupsShown !== undefined || body.groups !== undefined;
  const permsShown = body._permissionsShown !== undefined || body.permissions !== undefined;
  return {
    fullName: body.fullName ?? '',
    email: body.email ?? '',
    flags,
    ...(groupsShown
      ? { groups: listOf(body.groups).flatMap((g) => (/^\d+$/.test(g) ? [Number(g)] : [])) }
      : {}),
    ...(permsShown ? { permissions: listOf(body.permissions) } : {}),
  };
}

/**
 * Saves the user page's form: each part that changed, through the operation its API route calls
 * (`updateAccount`, `changeAccountGroups`, `setAccountPermissions`), each deciding with the
 * no-escalation policy in its own transaction. A part left as it was is not sent (no empty
 * audit entry, no refusal of a change nobody asked for). Returns the parts saved and, when one
 * was refused, the refusal: the parts before it went through, the rest was not tried.
 */
export async function saveUserForm(
  authz: AppAuthz,
  request: FastifyRequest,
  id: number,
  body: UserFormBody,
): Promise<{ username: string; saved: string[]; refusal: unknown }> {
  const call = callOf(request);
  const saved: string[] = [];
  const user = await authz.getUser(id);
  const values = typedValues(body);
  try {
    const account = {
      ...(body.fullName === undefined || body.fullName === user.fullName ? {} : { fullName: body.fullName }),
      ...(body.email === undefined || body.email.trim() === user.email ? {} : { email: body.email.trim() }),
      ...Object.fromEntries(Object.entries(values.flags).filter(([f, v]) => user[f as 'isStaff'] !== v)),
    };
    if (Object.keys(account).length > 0) {
      await updateAccount(call, id, account);
      saved.push('account');
    }
    if (values.groups !== undefined) {
      const checked = ids(listOf(body.groups), 'groups');
      const shown = ids(listOf(body._groupsShown), 'groups');
      const member = (await authz.loadSubject(id))?.groups.map((g) => g.id) ?? [];
      const add = checked.filter((g) => !member.includes(g));
      const remove = shown.filter((g) => member.includes(g) && !checked.includes(g));
      if (add.length + remove.length > 0) {
        await changeAccountGroups(call, id, { add, remove });
        saved.push('groups');
      }
    }
    if (values.permissions !== undefined) {
      const checked = listOf(body.permissions);
      const shown = listOf(body._permissionsShown);
      const own = await authz.userPermissionRows(id);
      const wanted = [...new Set([...own.filter((p) => !shown.includes(p)), ...checked])];
      if (wanted.length !== own.length || wanted.some((p) => !own.includes(p))) {
        await setAccountPermissions(call, id, wanted);
        saved.push('permissions');
      }
    }
  } catch (error) {
    return { username: user.username, saved, refusal: error };
  }
  return { username: user.username, saved, refusal: null };
}
