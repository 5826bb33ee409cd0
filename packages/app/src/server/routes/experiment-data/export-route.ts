import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { attachmentHeader } from '../../../imports/safe-file-name.ts';
import { exportCsv } from '../../../measurements/export-csv.ts';
import { exportJson } from '../../../measurements/export-json.ts';
import { toId } from '../../schemas/common.ts';
import { ExperimentParams, ExportQuery } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';

/**
 * `GET /api/experiments/:id/export?format=csv|json`: every sample, streamed page by page (no
 * size limit, bounded memory). CSV uses Battery Data Format column names, so it imports back.
 */
export function exportRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Params: { id: string }; Querystring: { format?: 'csv' | 'json' } }>(
    '/api/experiments/:id/export',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'The whole time series as CSV (Battery Data Format columns) or JSON, streamed',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const format = request.query.format ?? 'csv';
      const body =
        format === 'csv' ? exportCsv(connection.db, experimentId) : exportJson(connection.db, experimentId);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', attachmentHeader(`experiment-${experimentId}.${format}`))
        .send(Readable.from(body));
    },
  );
}
