import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { toExperimentJson } from '../../experiments/experiment-json.ts';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { findCycles } from '../../measurements/find-cycles.ts';
import { onExperiment } from '../../server/access.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import { closed, IdString, toId } from '../../server/schemas/common.ts';
import { pageContext } from '../page-context.ts';
import { ComparePage, MAX_COMPARED } from '../pages/compare.tsx';
import { sendPage } from '../render.ts';

/**
 * `GET /compare?id=1&id=2`: several experiments the viewer can see, chosen from the list. Each
 * is loaded by `getExperiment`, so one the viewer may not see makes the page 404 exactly as the
 * API would — the page never shows a subset that hints at a hidden one.
 */
export function comparePage(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Querystring: { id?: string | string[] } }>(
    '/compare',
    {
      config: { ...onExperiment('batterydb.view_experiment'), repeatable: ['id'] },
      schema: {
        querystring: closed({
          id: Type.Optional(Type.Union([IdString, Type.Array(IdString, { maxItems: MAX_COMPARED })])),
        }),
      },
    },
    async (request, reply) => {
      const ids = [...new Set([request.query.id ?? []].flat().map((id) => toId(id, 'id')))];
      if (ids.length === 0)
        throw new HttpProblem(
          'INVALID_INPUT',
          'choose the experiments to compare in the list (tick two or more)',
          { field: 'id' },
        );
      const compared = await Promise.all(
        ids.map(async (id) => {
          const row = await getExperiment(authz, connection.db, request.subject, id);
          return {
            experiment: toExperimentJson(row, row.owner_username),
            cycles: await findCycles(connection.db, id),
          };
        }),
      );
      return sendPage(reply, <ComparePage ctx={pageContext(request, reply)} compared={compared} />);
    },
  );
}
