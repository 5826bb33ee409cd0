import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getExperiment } from '../../../experiments/get-experiment.ts';
import { decidePublication } from '../../../publication/decide-publication.ts';
import {
  findPublicationRequests,
  mayFollowPublication,
  requestsOfExperiment,
} from '../../../publication/find-publication-requests.ts';
import { requestPublication } from '../../../publication/request-publication.ts';
import { onExperiment } from '../../access.ts';
import { HttpProblem } from '../../http/problem.ts';
import { closed, IdParams, toId } from '../../schemas/common.ts';

const tags = ['experiments: publication'];
const Note = Type.String({ maxLength: 2000 });
const PublicationRequestJson = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('publication'), Type.Literal('correction')], {
    description: 'publication: make it public; correction: fix something in a public experiment',
  }),
  experiment: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    status: Type.Union([Type.Literal('private'), Type.Literal('public')]),
  }),
  requestedBy: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined')]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const RequestBody = closed({ note: Type.Optional(Note) });
const DecisionBody = closed({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('decline')]),
  note: Type.Optional(Note),
});
const QueueQuery = closed({
  status: Type.Optional(
    Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined')]),
  ),
});

/**
 * Publication requests (SPEC §3.3): ask (whoever may change the private experiment), follow
 * (its owner and editors), review (whoever may change its status: Maintainers).
 */
export function publicationRoutes(app: FastifyInstance): Promise<void> {
  const { authz, connection } = app.batterydb;
  const db = connection.db;

  app.post<{ Params: { id: string }; Body: { note?: string } }>(
    '/api/experiments/:id/publication-requests',
    {
      config: onExperiment('batterydb.change_experiment'),
      schema: {
        summary: 'Ask a Maintainer to publish this private experiment (with a note)',
        tags,
        params: IdParams,
        body: RequestBody,
        response: { 201: PublicationRequestJson },
      },
    },
    async (request, reply) => {
      const created = await requestPublication(
        authz,
        db,
        request.subject,
        toId(request.params.id, 'id'),
        request.body?.note ?? '',
        request.ip,
      );
      return reply.code(201).send(created);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/experiments/:id/publication-requests',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: "This experiment's publication requests and their outcome (owner, editors, Maintainers)",
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(PublicationRequestJson) }) },
      },
    },
    async (request) => {
      const id = toId(request.params.id, 'id');
      const experiment = await getExperiment(authz, db, request.subject, id);
      const perms = await authz.experiments.getPerms(request.subject, experiment);
      if (!mayFollowPublication(request.subject, experiment, perms))
        throw new HttpProblem(
          'FORBIDDEN',
          'only its owner, its editors and Maintainers follow its publication',
        );
      return { items: await requestsOfExperiment(db, id) };
    },
  );

  app.get<{ Querystring: { status?: 'pending' | 'approved' | 'declined' } }>(
    '/api/publication-requests',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary:
          'The review queue: requests about experiments whose status you may change (pending by default)',
        tags,
        querystring: QueueQuery,
        response: { 200: Type.Object({ items: Type.Array(PublicationRequestJson) }) },
      },
    },
    async (request) => ({
      items: await findPublicationRequests(authz, db, request.subject, {
        status: request.query.status ?? 'pending',
      }),
    }),
  );

  app.post<{ Params: { id: string }; Body: { decision: 'approve' | 'decline'; note?: string } }>(
    '/api/publication-requests/:id/decision',
    {
      config: { access: { kind: 'signed-in' } },
      schema: {
        summary:
          'Approve (publishes the experiment) or decline a pending request, with a note; needs change_experiment_status',
        tags,
        params: IdParams,
        body: DecisionBody,
        response: { 200: PublicationRequestJson },
      },
    },
    async (request) =>
      decidePublication(
        authz,
        db,
        request.subject,
        toId(request.params.id, 'id'),
        request.body.decision,
        request.body.note ?? '',
        request.ip,
      ),
  );
  return Promise.resolve();
}
