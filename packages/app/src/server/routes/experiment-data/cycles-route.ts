import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findCellCycles } from '../../../cells/cell-cycles.ts';
import { toId } from '../../schemas/common.ts';
import { CellCycleJson } from './cell-schemas.ts';
import { CyclesQuery, ExperimentParams } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';

/** `GET /api/experiments/:id/cycles`: the per-cycle summary (capacity vs cycle plots). */
export function cyclesRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Params: { id: string }; Querystring: { fileId?: string; cellId?: string } }>(
    '/api/experiments/:id/cycles',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'Per-cycle charge/discharge capacity (Ah), coulombic efficiency, energy (Wh), duration (s)',
        description:
          'File by file in upload order; `cycle` is each file’s own number (`fileId` tells them apart), ' +
          '`cellCycle` the number within the file’s cell, continued across the cell’s files (issue 20). ' +
          'With `cellId`, one cell’s cycles in its files’ order.',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: CyclesQuery,
        response: { 200: Type.Object({ items: Type.Array(CellCycleJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const { fileId, cellId } = request.query;
      return {
        items: await findCellCycles(connection.db, experimentId, {
          ...(fileId === undefined ? {} : { fileId: toId(fileId, 'fileId') }),
          ...(cellId === undefined ? {} : { cellId: toId(cellId, 'cellId') }),
        }),
      };
    },
  );
}
