import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountControls, requireUser } from '../../../accounts/account-controls.ts';
import { setAccountPassword, updateAccount } from '../../../accounts/manage-users.ts';
import { removeAccountSecondFactor } from '../../../accounts/manage-second-factor.ts';
import { saveUserForm, typedValues, type UserFormBody } from './user-save.ts';
import { signedIn } from '../../../server/auth/request-auth.ts';
import { callOf } from '../../../server/routes/admin/call-of.ts';
import { closed, IdParams, IdString, toId } from '../../../server/schemas/common.ts';
import { revokeUserToken } from '../../../accounts/revoke-user-token.ts';
import { formFailure, FormInputError } from '../../forms/form-errors.ts';
import { formBody, FormText } from '../../forms/form-schema.ts';
import { setFlash } from '../../layout/flash.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage, seeOther } from '../../render.ts';
import { ticked } from '../admin-request.ts';
import { UserDetailPage, type UserPageFailure, type UserSection } from '../pages/user-detail.tsx';

type Params = { Params: { id: string } };
/** "account, groups and permissions". */
const AND = new Intl.ListFormat('en', { type: 'conjunction' });
const Many = (maxItems: number) =>
  Type.Optional(
    Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems })]),
  );

const UserForm = formBody({
  fullName: FormText(600),
  email: FormText(300),
  isStaff: FormText(10),
  isSuperuser: FormText(10),
  _flags: Many(2),
  groups: Many(1000),
  _groupsShown: Many(1000),
  permissions: Many(1000),
  _permissionsShown: Many(1000),
  _save: Type.Optional(Type.Union([Type.Literal('continue'), Type.Literal('exit')])),
});
const PasswordBody = formBody({ password: FormText(1024), unusable: FormText(10) });
const NoBody = formBody({});
const TokenParams = closed({ id: IdString, tokenId: IdString });

const LABELS = { fullName: 'Name', email: 'E-mail', password: 'New password' };

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
    const [controls, tokens, secondFactor, identities] = await Promise.all([
      accountControls(authz, signedIn(request), id),
      authz.listApiTokens(id),
      authz.secondFactorStatus(id),
      authz.external.identitiesOf(id),
    ]);
    return sendPage(
      reply,
      <UserDetailPage
        ctx={pageContext(request, reply)}
        user={user}
        controls={controls}
        failure={failure}
        tokens={tokens}
        secondFactor={secondFactor}
        identities={identities}
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

  // One form, one Save (Django admin's "Save" and "Save and continue editing"): name, e-mail,
  // flags, groups and own permissions go together, so nothing typed in one part is lost by
  // saving another. A refused part comes back with everything as it was typed and ticked.
  app.post<Params & { Body: UserFormBody }>(
    '/admin/users/:id',
    { config: change, schema: { params: IdParams, body: UserForm } },
    async (request, reply) => {
      const id = idOf(request);
      const { username, saved, refusal } = await saveUserForm(authz, request, id, request.body);
      if (refusal === null) {
        const what =
          saved.length === 0 ? `${username}: nothing changed.` : `${username}: saved ${AND.format(saved)}.`;
        setFlash(reply, { kind: 'ok', text: what });
        return seeOther(reply, request.body._save === 'continue' ? `/admin/users/${id}` : '/admin/users');
      }
      // A refused flag is said at the top of the form, never beside the checkbox: `_flags` comes
      // from the client, and a flag added by hand has no checkbox on the page to carry the reason.
      const failure = formFailure(refusal, ['fullName', 'email'], LABELS);
      const before = saved.length ? `Saved ${AND.format(saved)}; not saved — ` : 'Not saved — ';
      return show(request, reply, {
        ...failure,
        message: before + failure.message,
        section: 'account',
        values: typedValues(request.body),
      });
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

  app.post<Params>(
    '/admin/users/:id/two-factor/remove',
    { config: change, schema: { params: IdParams, body: NoBody } },
    (request, reply) =>
      handle(request, reply, 'secondFactor', [], async () => {
        await removeAccountSecondFactor(callOf(request), idOf(request));
        return 'Their second factor is removed: their password alone signs them in now.';
      }),
  );

  app.post<{ Params: { id: string; tokenId: string } }>(
    '/admin/users/:id/tokens/:tokenId/revoke',
    { config: change, schema: { params: TokenParams, body: NoBody } },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      await revokeUserToken(
        authz,
        signedIn(request),
        id,
        toId(request.params.tokenId, 'tokenId'),
        request.ip,
      );
      setFlash(reply, { kind: 'ok', text: 'The token is revoked: it no longer signs anything in.' });
      return seeOther(reply, `/admin/users/${id}`);
    },
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
}
