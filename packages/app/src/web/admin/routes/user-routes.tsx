import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountControls, requireUser } from '../../../accounts/account-controls.ts';
import { changeAccountGroups, setAccountPermissions } from '../../../accounts/manage-memberships.ts';
import { setAccountPassword, updateAccount } from '../../../accounts/manage-users.ts';
import { signedIn } from '../../../server/auth/request-auth.ts';
import { callOf } from '../../../server/routes/admin/call-of.ts';
import { IdParams, toId } from '../../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../../forms/form-errors.ts';
import { formBody, FormText } from '../../forms/form-schema.ts';
import { setFlash } from '../../layout/flash.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage, seeOther } from '../../render.ts';
import { listOf, ticked } from '../admin-request.ts';
import { UserDetailPage, type UserPageFailure, type UserSection } from '../pages/user-detail.tsx';

type Params = { Params: { id: string } };
const Many = (maxItems: number) =>
  Type.Optional(
    Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems })]),
  );

const AccountBody = formBody({
  fullName: FormText(600),
  email: FormText(300),
  isStaff: FormText(10),
  isSuperuser: FormText(10),
  _flags: Many(2),
});
type AccountBody = {
  fullName?: string;
  email?: string;
  isStaff?: string;
  isSuperuser?: string;
  _flags?: string | string[];
};
const PasswordBody = formBody({ password: FormText(1024), unusable: FormText(10) });
const ListBody = (field: string) => formBody({ [field]: Many(1000), _shown: Many(1000) });
type GroupsBody = { groups?: string | string[]; _shown?: string | string[] };
type PermissionsBody = { permissions?: string | string[]; _shown?: string | string[] };
const NoBody = formBody({});

const FLAGS = ['isStaff', 'isSuperuser'] as const;
const LABELS = { fullName: 'Name', email: 'E-mail', password: 'New password' };

function ids(values: readonly string[], field: string): number[] {
  return values.map((v) => {
    if (!/^[1-9][0-9]{0,9}$/.test(v)) throw new FormInputError(field, `${field} must be ids of groups`);
    return Number(v);
  });
}

/**
 * One user's page and its forms. Each form calls the admin operation its API route calls
 * (`updateAccount`, `setAccountPassword`, `changeAccountGroups`, `setAccountPermissions`), which
 * asks the no-escalation policy inside its transaction: a control the page left out and a
 * field added by hand are refused there (403), and the page shows the policy's reason.
 */
export function userRoutes(app: FastifyInstance): void {
  const { authz } = app.batterydb;
  const view = { access: { kind: 'staff', permission: 'auth.view_user' } } as const;
  const change = { access: { kind: 'staff', permission: 'auth.change_user' } } as const;
  const idOf = (request: FastifyRequest<Params>) => toId(request.params.id, 'id');

  const show = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    failure: UserPageFailure | null,
  ) => {
    const id = idOf(request);
    const user = await requireUser(authz, id);
    const [controls, tokens] = await Promise.all([
      accountControls(authz, signedIn(request), id),
      authz.listApiTokens(id),
    ]);
    return sendPage(
      reply,
      <UserDetailPage
        ctx={pageContext(request, reply)}
        user={user}
        controls={controls}
        failure={failure}
        tokens={tokens}
      />,
      failure?.status ?? 200,
    );
  };

  /** Runs one form's operation: 303 back to the page with a flash, or the page again with the refusal. */
  const handle = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    section: UserSection,
    fields: readonly string[],
    run: () => Promise<string>,
    values?: UserPageFailure['values'],
  ) => {
    try {
      const done = await run();
      setFlash(reply, { kind: 'ok', text: done });
      return seeOther(reply, `/admin/users/${idOf(request)}`);
    } catch (error) {
      const failure = formFailure(error, fields, LABELS);
      return show(request, reply, { ...failure, section, ...(values ? { values } : {}) });
    }
  };

  app.get<Params>('/admin/users/:id', { config: view, schema: { params: IdParams } }, (request, reply) =>
    show(request, reply, null),
  );

  app.post<Params & { Body: AccountBody }>(
    '/admin/users/:id',
    { config: change, schema: { params: IdParams, body: AccountBody } },
    (request, reply) => {
      const body = request.body;
      const shown = listOf(body._flags);
      const values = { fullName: body.fullName ?? '', email: body.email ?? '' };
      // A ticked box is true; a box the form showed and left unticked is false; anything else is
      // no change. A flag added by hand therefore reaches the policy, which decides.
      const flags = Object.fromEntries(
        FLAGS.flatMap((f) => (ticked(body[f]) ? [[f, true]] : shown.includes(f) ? [[f, false]] : [])),
      );
      // A refused flag is said at the top of the form, never beside the checkbox: `_flags` comes
      // from the client, and a flag added by hand has no checkbox on the page to carry the reason.
      const fields = ['fullName', 'email'];
      return handle(
        request,
        reply,
        'account',
        fields,
        async () => {
          await updateAccount(callOf(request), idOf(request), {
            ...(body.fullName === undefined ? {} : { fullName: body.fullName }),
            ...(body.email === undefined ? {} : { email: body.email.trim() }),
            ...flags,
          });
          return 'Account saved.';
        },
        values,
      );
    },
  );

  app.post<Params & { Body: { password?: string; unusable?: string } }>(
    '/admin/users/:id/password',
    { config: change, schema: { params: IdParams, body: PasswordBody } },
    (request, reply) =>
      handle(request, reply, 'password', ['password'], async () => {
        const unusable = ticked(request.body.unusable);
        const password = request.body.password ?? '';
        if (!unusable && password === '')
          throw new FormInputError('password', 'type the new password, or tick “no usable password”');
        await setAccountPassword(callOf(request), idOf(request), unusable ? null : password);
        return unusable
          ? 'The account has no usable password now; its sessions and API tokens have ended.'
          : 'Password set; their sessions and API tokens have ended.';
      }),
  );

  for (const [action, isActive] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const)
    app.post<Params>(
      `/admin/users/:id/${action}`,
      { config: change, schema: { params: IdParams, body: NoBody } },
      (request, reply) =>
        handle(request, reply, 'activation', [], async () => {
          const user = await updateAccount(callOf(request), idOf(request), { isActive });
          return isActive
            ? `${user.username} may sign in again.`
            : `${user.username} is deactivated; their sessions and API tokens have ended.`;
        }),
    );

  app.post<Params & { Body: GroupsBody }>(
    '/admin/users/:id/groups',
    { config: change, schema: { params: IdParams, body: ListBody('groups') } },
    (request, reply) =>
      handle(request, reply, 'groups', [], async () => {
        const id = idOf(request);
        const checked = ids(listOf(request.body.groups), 'groups');
        const shown = ids(listOf(request.body._shown), 'groups');
        const member = (await authz.loadSubject(id))?.groups.map((g) => g.id) ?? [];
        await changeAccountGroups(callOf(request), id, {
          add: checked.filter((g) => !member.includes(g)),
          remove: shown.filter((g) => member.includes(g) && !checked.includes(g)),
        });
        return 'Groups saved.';
      }),
  );

  app.post<Params & { Body: PermissionsBody }>(
    '/admin/users/:id/permissions',
    { config: change, schema: { params: IdParams, body: ListBody('permissions') } },
    (request, reply) =>
      handle(request, reply, 'permissions', [], async () => {
        const id = idOf(request);
        const checked = listOf(request.body.permissions);
        const shown = listOf(request.body._shown);
        const own = await authz.userPermissionRows(id);
        const wanted = [...new Set([...own.filter((p) => !shown.includes(p)), ...checked])];
        await setAccountPermissions(callOf(request), id, wanted);
        return 'Permissions saved.';
      }),
  );
}
