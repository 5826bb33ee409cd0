import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { onExperiment } from '../../server/access.ts';
import { IdParams, toId } from '../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../forms/form-errors.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { SharePage, type ShareForm } from '../pages/share.tsx';
import { sendPage, seeOther } from '../render.ts';
import { accessList, changeSharing, grantableByActor, holderByName } from '../sharing/share-model.ts';
import { endOfDay } from './account-pages.tsx';

const Permission = Type.String({ maxLength: 100 });
const ShareBody = formBody({
  kind: FormText(10),
  name: FormText(200),
  permissions: Type.Optional(Type.Union([Permission, Type.Array(Permission, { maxItems: 10 })])),
  expiresAt: FormText(40),
});
type ShareBody = { kind?: string; name?: string; permissions?: string | string[]; expiresAt?: string };
type Params = { Params: { id: string } };

const listOf = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/**
 * Sharing by name (SPEC §6): type a user's or group's name, tick what to give (only what the
 * actor holds is offered), optionally an end date; see who has access and why, revoke. Every
 * change goes through `shareExperiment`, as `POST|DELETE /api/experiments/:id/grants` does.
 */
export function sharePages(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const config = onExperiment('batterydb.change_experiment');

  const show = async (
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    form: ShareForm,
    failure?: ReturnType<typeof formFailure>,
  ) => {
    const id = toId(request.params.id, 'id');
    const row = await getExperiment(authz, db, request.subject, id, 'batterydb.change_experiment');
    const [lines, grantable] = await Promise.all([
      accessList(authz, id),
      grantableByActor(authz, request.subject, row),
    ]);
    return sendPage(
      reply,
      <SharePage
        ctx={pageContext(request, reply)}
        experiment={{ id, title: row.title, status: row.status }}
        lines={lines}
        grantable={grantable}
        form={form}
        errors={failure?.fields ?? {}}
        message={failure?.message ?? null}
      />,
      failure?.status ?? 200,
    );
  };

  app.get<Params>('/experiments/:id/share', { config, schema: { params: IdParams } }, (request, reply) =>
    show(request, reply, {
      kind: 'user',
      name: '',
      permissions: ['batterydb.view_experiment'],
      expiresAt: '',
    }),
  );

  for (const mode of ['grant', 'revoke'] as const)
    app.post<Params & { Body: ShareBody }>(
      mode === 'grant' ? '/experiments/:id/share' : '/experiments/:id/share/revoke',
      { config, schema: { params: IdParams, body: ShareBody } },
      async (request, reply) => {
        const id = toId(request.params.id, 'id');
        const { kind = 'user', name = '', expiresAt = '' } = request.body;
        const permissions = listOf(request.body.permissions);
        try {
          if (permissions.length === 0)
            throw new FormInputError('permissions', 'tick at least one permission');
          const expires = mode === 'grant' ? endOfDay(expiresAt, 'expiresAt') : null;
          const holder = await holderByName(authz, kind, name);
          await changeSharing(
            authz,
            request.subject,
            id,
            { holder, permissions, expiresAt: expires },
            mode,
            request.ip,
          );
          setFlash(reply, {
            kind: 'ok',
            text: mode === 'grant' ? `Shared with ${name.trim()}.` : `Revoked from ${name.trim()}.`,
          });
          return seeOther(reply, `/experiments/${id}/share`);
        } catch (error) {
          const failure = formFailure(error, ['name', 'permissions', 'expiresAt', 'kind']);
          if (mode === 'revoke') {
            setFlash(reply, { kind: 'error', text: failure.detail });
            return seeOther(reply, `/experiments/${id}/share`);
          }
          return show(request, reply, { kind, name, permissions, expiresAt }, failure);
        }
      },
    );
}
