import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { exportComparedCycles } from '../../../data-out/export-compared-cycles.ts';
import { onExperiment } from '../../access.ts';
import { HttpProblem } from '../../http/problem.ts';
import { closed, IdString, toId } from '../../schemas/common.ts';
import { sendDownload } from './send-download.ts';

/** As many experiments as the compare page takes (web/pages/compare.tsx). */
export const MAX_COMPARED = 8;

/** `?id=1&id=2`: the experiments compared, at least one, each a positive integer, no more than 8. */
export const CompareIds = Type.Union([IdString, Type.Array(IdString, { maxItems: MAX_COMPARED })]);

/** The ids asked for, once each, in the order asked; none → 400 naming `id`. */
export function comparedIds(id: string | string[] | undefined): number[] {
  const ids = [...new Set([id ?? []].flat().map((one) => toId(one, 'id')))];
  if (ids.length === 0)
    throw new HttpProblem(
      'INVALID_INPUT',
      'choose the experiments to compare in the list (tick two or more)',
      {
        field: 'id',
      },
    );
  return ids;
}

/**
 * `GET /api/compare/cycles?id=1&id=2&format=csv`: the compare page's Export — the per-cycle
 * table of every cell of these experiments as one CSV (experiment, cell, cycle, capacities,
 * mAh/g, CE, energies). Every experiment must be visible to the caller (404 otherwise, the same
 * words as a missing one), as on the page.
 */
export function compareCyclesRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Querystring: { id?: string | string[]; format?: 'csv' } }>(
    '/api/compare/cycles',
    {
      config: { ...onExperiment('batterydb.view_experiment'), repeatable: ['id'] },
      schema: {
        summary: 'The per-cycle table of every cell of several experiments, as one CSV',
        description:
          'Each row is led by `experiment_id` and `experiment_title`, then the columns of ' +
          '`GET /api/experiments/:id/cycles?format=csv` (cell, continued cycle number, file cycle, ' +
          'capacities in Ah, mAh/g where a cell records its active mass, coulombic efficiency, energies).',
        tags: ['cells'],
        querystring: closed({
          id: Type.Optional(CompareIds),
          format: Type.Optional(Type.String({ pattern: '^csv$', description: 'csv (the only format)' })),
        }),
      },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await exportComparedCycles(authz, connection.db, request.subject, comparedIds(request.query.id)),
      ),
  );
}
