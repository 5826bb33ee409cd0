import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setExperimentStatus } from '../../experiments/change-experiment.ts';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { requestsOfExperiment } from '../../publication/find-publication-requests.ts';
import { requestCorrection } from '../../publication/request-correction.ts';
import { requestPublication } from '../../publication/request-publication.ts';
import { onExperiment } from '../../server/access.ts';
import { closed, IdParams, toId } from '../../server/schemas/common.ts';
import { formFailure } from '../forms/form-errors.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { StatusConfirmPage } from '../pages/status-confirm.tsx';
import { sendPage, seeOther } from '../render.ts';

type Params = { Params: { id: string } };
const Status = Type.Union([Type.Literal('public'), Type.Literal('private')]);

/**
 * Publishing and asking: the confirmation page before a status change (with an optional note,
 * which a publish leaves on the pending publication requests it answers), the change itself
 * (`setExperimentStatus`, as `PUT /api/experiments/:id/status`), asking for publication and —
 * for the owner of a published experiment — asking for a correction.
 */
export function publicationActions(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const idOf = (request: FastifyRequest<Params>) => toId(request.params.id, 'id');
  const statusAccess = onExperiment('batterydb.change_experiment_status');

  app.get<Params & { Querystring: { to?: 'public' | 'private' } }>(
    '/experiments/:id/status',
    {
      config: statusAccess,
      schema: { params: IdParams, querystring: closed({ to: Type.Optional(Status) }) },
    },
    async (request, reply) => {
      const row = await getExperiment(
        authz,
        db,
        request.subject,
        idOf(request),
        'batterydb.change_experiment_status',
      );
      const to = request.query.to ?? (row.status === 'public' ? 'private' : 'public');
      const pending = (await requestsOfExperiment(db, row.id)).filter(
        (r) => r.status === 'pending' && r.kind === 'publication',
      );
      return sendPage(
        reply,
        <StatusConfirmPage
          ctx={pageContext(request, reply)}
          experiment={{ id: row.id, title: row.title, status: row.status }}
          to={to}
          pending={pending}
        />,
      );
    },
  );

  app.post<Params & { Body: { status?: 'public' | 'private'; note?: string } }>(
    '/experiments/:id/status',
    {
      config: statusAccess,
      schema: { params: IdParams, body: formBody({ status: Status, note: FormText(2100) }) },
    },
    async (request, reply) => {
      const id = idOf(request);
      const note = (request.body.note ?? '').trim().slice(0, 2000);
      const row = await setExperimentStatus(
        authz,
        request.subject,
        id,
        request.body.status,
        request.ip,
        note,
      );
      setFlash(reply, {
        kind: 'ok',
        text:
          row.status === 'public'
            ? 'Published: every signed-in reader sees it now.'
            : 'Unpublished: it is private again.',
      });
      return seeOther(reply, `/experiments/${id}`);
    },
  );

  const ask = (
    path: string,
    permission: 'batterydb.change_experiment' | 'batterydb.view_experiment',
    run: typeof requestPublication,
    done: string,
  ) =>
    app.post<Params & { Body: { note?: string } }>(
      `/experiments/:id/${path}`,
      {
        config: onExperiment(permission),
        schema: { params: IdParams, body: formBody({ note: FormText(2100) }) },
      },
      async (request, reply) => {
        const id = idOf(request);
        try {
          await run(authz, db, request.subject, id, request.body.note ?? '', request.ip);
          setFlash(reply, { kind: 'ok', text: done });
        } catch (error) {
          setFlash(reply, { kind: 'error', text: formFailure(error, ['note'], { note: 'The note' }).detail });
        }
        return seeOther(reply, `/experiments/${id}`);
      },
    );
  ask(
    'publication-request',
    'batterydb.change_experiment',
    requestPublication,
    'Publication requested. A Maintainer will review it.',
  );
  // Decided by `requestCorrection`: the owner of a public experiment, who may view it only.
  ask(
    'correction-request',
    'batterydb.view_experiment',
    requestCorrection,
    'Correction requested. A Maintainer will review it.',
  );
}
