import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { timeseriesParquet } from '../../../data-out/timeseries-parquet.ts';
import { attachmentHeader } from '../../../imports/safe-file-name.ts';
import { getDataFile } from '../../../measurements/data-files.ts';
import { exportCsv } from '../../../measurements/export-csv.ts';
import { exportJson } from '../../../measurements/export-json.ts';
import { HttpProblem } from '../../http/problem.ts';
import { toId } from '../../schemas/common.ts';
import { ExperimentParams, ExportQuery } from './data-schemas.ts';
import { requireExperiment } from './experiment-access.ts';
import { onExperiment } from '../../access.ts';

type ExportFormat = 'csv' | 'json' | 'parquet';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/**
 * `GET /api/experiments/:id/export?format=csv|json|parquet[&fileId=]`: every sample (of the
 * experiment, or of one file), streamed page by page (no size limit, bounded memory). CSV and
 * Parquet use Battery Data Format column names, so a CSV imports back.
 */
export function exportRoute(app: FastifyInstance): void {
  const { authz, connection } = app.batterydb;
  app.get<{ Params: { id: string }; Querystring: { format?: ExportFormat; fileId?: string } }>(
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
      await requireExperiment(authz, request.subject, experimentId, 'view');
      const format = request.query.format ?? 'csv';
      const fileId = request.query.fileId === undefined ? undefined : toId(request.query.fileId, 'fileId');
      if (fileId !== undefined && (await getDataFile(connection.db, experimentId, fileId)) === null)
        throw new HttpProblem('NOT_FOUND', `experiment ${experimentId} has no file ${fileId}`, {
          field: 'fileId',
        });
      const filter = fileId === undefined ? { experimentId } : { experimentId, fileId };
      const body =
        format === 'csv'
          ? exportCsv(connection.db, filter)
          : format === 'json'
            ? exportJson(connection.db, filter)
            : timeseriesParquet(connection.db, filter, {
                batterydb: JSON.stringify({ experimentId, fileId: fileId ?? null }),
              });
      const scope = fileId === undefined ? '' : `-file-${fileId}`;
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', attachmentHeader(`experiment-${experimentId}${scope}.${format}`))
        .send(Readable.from(body));
    },
  );
}
