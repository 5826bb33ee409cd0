import { lookupNames, type NameEntry } from '../../accounts/lookup-names.ts';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { onExperiment } from '../../server/access.ts';
import { closed, IdParams, toId } from '../../server/schemas/common.ts';
import { formFailure, FormInputError } from '../forms/form-errors.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { SharePage, type ShareForm } from '../pages/share.tsx';
import { sendPage, seeOther } from '../render.ts';
import {
  accessList,
  changeSharing,
  type ChosenHolder,
  chooseHolder,
  holderByName,
} from '../sharing/share-model.ts';
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

const ChooseQuery = closed({ kind: FormText(10), name: FormText(200) });
type ChooseQuery = { kind?: string; name?: string };

const listOf = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
const VIEW = 'batterydb.view_experiment';

/**
 * Sharing by name (SPEC §6), in two steps that work without JavaScript: choose a user or group
 * by name (`GET …/share?kind=user&name=colin`; type-ahead with it), then tick what to give —
 * only the permissions the kit's grant policy lets this viewer give that holder are offered
 * (`grantable`) — and optionally an end date. Beside it: who has access and why, with revoke
 * where the viewer may take a grant back. Every change goes through `shareExperiment`, as
 * `POST|DELETE /api/experiments/:id/grants` does, which decides again.
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
    // Signed in: managing sharing needs change_experiment, which no visitor holds.
    const actorId = request.subject!.user.id;
    let holder: ChosenHolder | null = null;
    let problem = failure;
    let suggestions: NameEntry[] = [];
    if (form.name.trim() !== '' && failure?.fields.name === undefined)
      try {
        holder = await chooseHolder(authz, actorId, id, form.kind, form.name);
      } catch (error) {
        problem = formFailure(error, ['name', 'kind']);
        // Without JavaScript there is no type-ahead: a partial name is answered with the names
        // it starts (one match is taken as meant; several are offered as links).
        if (problem.fields.name !== undefined) {
          suggestions = await lookupNames(db, form.name);
          const [only] = suggestions;
          if (suggestions.length === 1 && only) {
            holder = await chooseHolder(authz, actorId, id, only.kind, only.name);
            problem = undefined;
          } else if (suggestions.length > 1)
            problem = {
              ...problem,
              message: '',
              fields: { name: `Several names start with “${form.name.trim()}”: choose one below.` },
            };
        }
      }
    return sendPage(
      reply,
      <SharePage
        ctx={pageContext(request, reply)}
        experiment={{ id, title: row.title, status: row.status }}
        lines={await accessList(authz, actorId, id)}
        holder={holder}
        form={form}
        errors={problem?.fields ?? {}}
        message={problem?.message || null}
        suggestions={suggestions}
      />,
      problem?.status ?? 200,
    );
  };

  app.get<Params & { Querystring: ChooseQuery }>(
    '/experiments/:id/share',
    { config, schema: { params: IdParams, querystring: ChooseQuery } },
    (request, reply) =>
      show(request, reply, {
        kind: request.query.kind === 'group' ? 'group' : 'user',
        name: request.query.name ?? '',
        permissions: [VIEW],
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
          const found = await holderByName(authz, kind, name);
          await changeSharing(
            authz,
            request.subject,
            id,
            { holder: found.holder, permissions, expiresAt: expires },
            mode,
            request.ip,
          );
          setFlash(reply, {
            kind: 'ok',
            text: mode === 'grant' ? `Shared with ${found.name}.` : `Revoked from ${found.name}.`,
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
