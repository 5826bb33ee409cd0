import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { findComparedCells } from '../../cells/compare-cells.ts';
import { toExperimentJson } from '../../experiments/experiment-json.ts';
import { onExperiment } from '../../server/access.ts';
import { CompareIds, comparedIds } from '../../server/routes/experiment-data/compare-cycles-route.ts';
import { closed } from '../../server/schemas/common.ts';
import { pageContext } from '../page-context.ts';
import { ComparePage, QUANTITIES } from '../pages/compare.tsx';
import { sendPage } from '../render.ts';

/** A cycle number, or empty (a form's field left blank). */
const CycleString = Type.String({ pattern: '^[0-9]{0,9}$', description: 'a whole number' });

interface CompareQuery {
  id?: string | string[];
  quantity?: string;
  ref?: string;
  cycle?: string;
  cells?: string;
  zoom?: string;
}

/**
 * `GET /compare?id=1&id=2`: the cells of several experiments the viewer can see, chosen from the
 * list. Each experiment is loaded by `getExperiment`, so one the viewer may not see makes the
 * page 404 exactly as the API would — the page never shows a subset that hints at a hidden one.
 * The plot's view (quantity, reference cycle, V–Q cycle, cells, zoom) rides in the query string
 * (public/js/plot-state.js); `ref` also sets the tables' normalised column, so the form works
 * without JavaScript.
 */
export function comparePage(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Querystring: CompareQuery }>(
    '/compare',
    {
      config: { ...onExperiment('batterydb.view_experiment'), repeatable: ['id'] },
      schema: {
        querystring: closed({
          id: Type.Optional(CompareIds),
          quantity: Type.Optional(
            Type.String({
              pattern: `^(${QUANTITIES.join('|')})$`,
              description: `one of ${QUANTITIES.join(', ')}`,
            }),
          ),
          ref: Type.Optional(CycleString),
          cycle: Type.Optional(CycleString),
          cells: Type.Optional(Type.String({ pattern: '^[0-9,]{0,200}$' })),
          zoom: Type.Optional(Type.String({ maxLength: 60 })),
        }),
      },
    },
    async (request, reply) => {
      const ids = comparedIds(request.query.id);
      const { experiments, cells } = await findComparedCells(authz, connection.db, request.subject, ids);
      const ref = request.query.ref ? Number(request.query.ref) : null;
      return sendPage(
        reply,
        <ComparePage
          ctx={pageContext(request, reply)}
          experiments={experiments.map((row) => toExperimentJson(row, row.owner_username))}
          cells={cells}
          reference={ref}
        />,
      );
    },
  );
}
