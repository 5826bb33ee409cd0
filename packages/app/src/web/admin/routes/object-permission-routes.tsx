import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { objectAccess } from '../../../admin/object-access.ts';
import { type AdminObjectModel, adminObjectModels } from '../../../admin/object-models.ts';
import type { Perm } from '../../../authz/registry.ts';
import type { Access } from '../../../server/access.ts';
import { IdParams, toId } from '../../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../../forms/form-errors.ts';
import { formBody, FormText } from '../../forms/form-schema.ts';
import { setFlash } from '../../layout/flash.ts';
import { pageContext } from '../../page-context.ts';
import { sendPage, seeOther } from '../../render.ts';
import { endOfDay } from '../../routes/account-pages.tsx';
import { holderByName } from '../../sharing/share-model.ts';
import { listOf, requireStaff } from '../admin-request.ts';
import { type GrantForm, ObjectPermissionsPage } from '../pages/object-permissions.tsx';

type Params = { Params: { id: string } };
const Permission = Type.String({ maxLength: 201 });
const Permissions = Type.Optional(Type.Union([Permission, Type.Array(Permission, { maxItems: 20 })]));
const GrantBody = formBody({
  kind: FormText(10),
  name: FormText(200),
  permissions: Permissions,
  expiresAt: FormText(40),
});
const RevokeBody = formBody({ user: FormText(12), group: FormText(12), permissions: Permissions });
type GrantBody = { kind?: string; name?: string; permissions?: string | string[]; expiresAt?: string };
type RevokeBody = { user?: string; group?: string; permissions?: string | string[] };

/**
 * The object-permissions page of every model the admin registers (`adminObjectModels`), at
 * `/admin/<model>/:id/permissions`. Decided as the model's sharing API decides: the object is
 * loaded with its `change_` permission (404 invisible, 403 not allowed), then the admin is for
 * staff; grants and revocations go through the model's one grant path (`changeGrants`).
 */
export function objectPermissionRoutes(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  for (const model of adminObjectModels(authz, connection.db)) registerModel(app, model);
}

function registerModel(app: FastifyInstance, model: AdminObjectModel): void {
  const { authz } = app.batterydb;
  const { app: appName, name } = model.policy.model;
  const change = `${appName}.change_${name}`;
  const config = {
    access: { kind: 'object', model: model.policy.key, permission: change as Perm } as Access,
  };
  const base = `/admin/${model.path}/:id/permissions`;

  const show = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    form: GrantForm,
    failure: ReturnType<typeof formFailure> | null,
  ) => {
    const id = toId(request.params.id, 'id');
    const row = await model.load(request.subject, id, change);
    const viewer = requireStaff(request);
    return sendPage(
      reply,
      <ObjectPermissionsPage
        ctx={pageContext(request, reply)}
        model={model}
        object={{ id, title: model.title(row), detail: model.detail(row) }}
        access={await objectAccess(authz, model, viewer, id)}
        form={form}
        failure={failure}
      />,
      failure?.status ?? 200,
    );
  };

  app.get<Params>(base, { config, schema: { params: IdParams } }, (request, reply) =>
    show(
      request,
      reply,
      { kind: 'user', name: '', permissions: [`${appName}.view_${name}`], expiresAt: '' },
      null,
    ),
  );

  app.post<Params & { Body: GrantBody }>(
    `${base}/grant`,
    { config, schema: { params: IdParams, body: GrantBody } },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const { kind = 'user', name: holderName = '', expiresAt = '' } = request.body;
      const permissions = listOf(request.body.permissions);
      try {
        await model.load(request.subject, id, change);
        requireStaff(request);
        if (permissions.length === 0) throw new FormInputError('permissions', 'tick at least one permission');
        const expires = endOfDay(expiresAt, 'expiresAt');
        const { holder } = await holderByName(authz, kind, holderName);
        await model.changeGrants(
          request.subject,
          id,
          { holder, permissions, expiresAt: expires },
          'grant',
          request.ip,
        );
        setFlash(reply, {
          kind: 'ok',
          text: `Granted ${permissions.length === 1 ? 'it' : 'them'} to ${holderName.trim()}.`,
        });
        return seeOther(reply, `/admin/${model.path}/${id}/permissions`);
      } catch (error) {
        const failure = formFailure(error, ['name', 'permissions', 'expiresAt', 'kind', 'user', 'group']);
        return show(request, reply, { kind, name: holderName, permissions, expiresAt }, failure);
      }
    },
  );

  app.post<Params & { Body: RevokeBody }>(
    `${base}/revoke`,
    { config, schema: { params: IdParams, body: RevokeBody } },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      const { user, group } = request.body;
      try {
        await model.load(request.subject, id, change);
        requireStaff(request);
        if ((user === undefined) === (group === undefined))
          throw new FormInputError('user', 'name exactly one user or group');
        const holder = user !== undefined ? { user: toId(user, 'user') } : { group: toId(group!, 'group') };
        await model.changeGrants(
          request.subject,
          id,
          { holder, permissions: listOf(request.body.permissions) },
          'revoke',
          request.ip,
        );
        setFlash(reply, { kind: 'ok', text: 'Revoked.' });
        return seeOther(reply, `/admin/${model.path}/${id}/permissions`);
      } catch (error) {
        return show(
          request,
          reply,
          { kind: 'user', name: '', permissions: [], expiresAt: '' },
          formFailure(error, []),
        );
      }
    },
  );
}
