import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PublicationStatus } from '../../db/schema.ts';
import { decidePublication } from '../../publication/decide-publication.ts';
import { findPublicationRequests } from '../../publication/find-publication-requests.ts';
import { closed, IdParams, toId } from '../../server/schemas/common.ts';
import { formFailure } from '../forms/form-errors.ts';
import { formBody, FormText } from '../forms/form-schema.ts';
import { setFlash } from '../layout/flash.ts';
import { pageContext } from '../page-context.ts';
import { PublicationQueuePage } from '../pages/publication-queue.tsx';
import { sendPage, seeOther } from '../render.ts';

const Status = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined')]);

/**
 * The review queue (SPEC §8, Maintainers): the requests about experiments whose status the
 * viewer may change, and the decision form — `findPublicationRequests` and `decidePublication`,
 * as `/api/publication-requests` uses them.
 */
export function publicationPages(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  const db = connection.db;
  const config = { access: { kind: 'signed-in' } } as const;

  app.get<{ Querystring: { status?: PublicationStatus } }>(
    '/publication-requests',
    { config, schema: { querystring: closed({ status: Type.Optional(Status) }) } },
    async (request, reply) => {
      const status = request.query.status ?? 'pending';
      const requests = await findPublicationRequests(authz, db, request.subject, { status });
      return sendPage(
        reply,
        <PublicationQueuePage ctx={pageContext(request, reply)} status={status} requests={requests} />,
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { decision?: 'approve' | 'decline'; note?: string } }>(
    '/publication-requests/:id/decision',
    {
      config,
      schema: {
        params: IdParams,
        body: formBody({
          decision: Type.Optional(Type.Union([Type.Literal('approve'), Type.Literal('decline')])),
          note: FormText(2100),
        }),
      },
    },
    async (request, reply) => {
      const id = toId(request.params.id, 'id');
      try {
        const decided = await decidePublication(
          authz,
          db,
          request.subject,
          id,
          request.body.decision ?? ('' as 'approve'),
          request.body.note ?? '',
          request.ip,
        );
        setFlash(reply, {
          kind: 'ok',
          text:
            decided.status === 'declined'
              ? `Declined the request for “${decided.experiment.title}”.`
              : decided.kind === 'correction'
                ? `Marked as corrected: “${decided.experiment.title}”.`
                : `Approved: “${decided.experiment.title}” is public now.`,
        });
      } catch (error) {
        setFlash(reply, { kind: 'error', text: formFailure(error, []).detail });
      }
      return seeOther(reply, '/publication-requests');
    },
  );
}
