import type { FastifyInstance } from 'fastify';
import { exportTimeseries, type TimeseriesFormat } from '../../../data-out/export-timeseries.ts';
import { toId } from '../../schemas/common.ts';
import { ExperimentParams, ExportQuery } from './data-schemas.ts';
import { onExperiment } from '../../access.ts';
import { sendDownload } from './send-download.ts';

/**
 * `GET /api/experiments/:id/export?format=csv|json|parquet[&cellId=][&fileId=]`: every
 * sample (of the experiment, of one cell — its files in the cell's order — or of one file), streamed page by page (no size limit, bounded memory). CSV and
 * Parquet use Battery Data Format column names, so a CSV imports back.
 */
export function exportRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{
    Params: { id: string };
    Querystring: { format?: TimeseriesFormat; fileId?: string; cellId?: string };
  }>(
    '/api/experiments/:id/export',
    {
      config: onExperiment('batterydb.view_experiment'),
      schema: {
        summary: 'The whole time series as CSV or Parquet (Battery Data Format columns) or JSON, streamed',
        tags: ['experiment data'],
        params: ExperimentParams,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const experimentId = toId(request.params.id, 'id');
      const { format = 'csv', fileId, cellId } = request.query;
      const download = await exportTimeseries(authz, connection.db, request.subject, experimentId, format, {
        ...(fileId === undefined ? {} : { fileId: toId(fileId, 'fileId') }),
        ...(cellId === undefined ? {} : { cellId: toId(cellId, 'cellId') }),
      });
      return sendDownload(reply, download);
    },
  );
}
