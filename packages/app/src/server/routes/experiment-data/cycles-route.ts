import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findCellCycles } from '../../../cells/cell-cycles.ts';
import type { CycleTableFormat } from '../../../data-out/cycle-table.ts';
import { exportCycleTable } from '../../../data-out/export-cycle-table.ts';
import { toId } from '../../schemas/common.ts';
import { CellCycleJson } from './cell-schemas.ts';
import { CyclesQuery, ExperimentParams } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';
import { sendDownload } from './send-download.ts';

/**
 * `GET /api/experiments/:id/cycles`: the per-cycle summary (capacity vs cycle plots), as JSON
 * or as a table to download (`format=csv|xlsx|parquet`: units in the column names, mAh/g where
 * the cell's active mass is known, grouped per cell).
 */
export function cyclesRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{
    Params: { id: string };
    Querystring: { fileId?: string; cellId?: string; format?: 'json' | CycleTableFormat };
  }>(
    '/api/experiments/:id/cycles',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'Per-cycle charge/discharge capacity (Ah), coulombic efficiency, energy (Wh), duration (s)',
        description:
          'File by file in upload order; `cycle` is each file’s own number (`fileId` tells them apart), ' +
          '`cellCycle` the number within the file’s cell, continued across the cell’s files (issue 20). ' +
          'With `cellId`, one cell’s cycles in its files’ order. ' +
          '`format=csv|xlsx|parquet` answers a download with units in the column names ' +
          '(`discharge_capacity_Ah`, `discharge_capacity_mAh_g` when the cell’s active mass is known).',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: CyclesQuery,
        response: { 200: Type.Object({ items: Type.Array(CellCycleJson) }) },
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      const { fileId, cellId, format = 'json' } = request.query;
      const filter = {
        ...(fileId === undefined ? {} : { fileId: toId(fileId, 'fileId') }),
        ...(cellId === undefined ? {} : { cellId: toId(cellId, 'cellId') }),
      };
      if (format !== 'json') {
        const download = await exportCycleTable(
          authz,
          connection.db,
          request.subject,
          experimentId,
          format,
          filter,
        );
        return sendDownload(reply, download);
      }
      await requireExperiment(authz, request.subject, experimentId, 'view');
      return { items: await findCellCycles(connection.db, experimentId, filter) };
    },
  );
}
