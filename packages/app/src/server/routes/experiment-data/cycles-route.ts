import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findCycles } from '../../../measurements/find-cycles.ts';
import { toId } from '../../schemas/common.ts';
import { CycleJson, ExperimentParams, FileIdQuery } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';

/** `GET /api/experiments/:id/cycles`: the per-cycle summary (capacity vs cycle plots). */
export function cyclesRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Params: { id: string }; Querystring: { fileId?: string } }>(
    '/api/experiments/:id/cycles',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'Per-cycle charge/discharge capacity (Ah), coulombic efficiency, energy (Wh), duration (s)',
        description:
          'File by file in upload order; cycle numbers are each file’s own (`fileId` tells them apart).',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: FileIdQuery,
        response: { 200: Type.Object({ items: Type.Array(CycleJson) }) },
      },
    },
    async (request) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const { fileId } = request.query;
      return {
        items: await findCycles(
          connection.db,
          experimentId,
          fileId === undefined ? {} : { fileId: toId(fileId, 'fileId') },
        ),
      };
    },
  );
}
