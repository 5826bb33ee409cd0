import { AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import { getCell } from '../cells/find-cells.ts';
import { getDataFile } from '../measurements/data-files.ts';
import { exportCsv } from '../measurements/export-csv.ts';
import { exportJson } from '../measurements/export-json.ts';
import type { GroupFilter } from './cycle-groups.ts';
import { CONTENT_TYPES } from './cycle-table.ts';
import type { Download } from './export-cycle-table.ts';
import { timeseriesParquet } from './timeseries-parquet.ts';

export const TIMESERIES_FORMATS = ['csv', 'json', 'parquet'] as const;
export type TimeseriesFormat = (typeof TIMESERIES_FORMATS)[number];

/**
 * Every sample of an experiment (or of one cell, its files in the cell's order, or of one file)
 * as a download, for the API, the pages and the CLI alike: the experiment's view decision first
 * (invisible → NOT_FOUND), then a cell or file the experiment does not have → NOT_FOUND on
 * `cellId` or `fileId`. Streamed block by block in every format.
 */
export async function exportTimeseries(
  authz: AppAuthz,
  db: Kysely<Database>,
  subject: Subject | null,
  experimentId: number,
  format: TimeseriesFormat,
  filter: GroupFilter = {},
): Promise<Download> {
  await getExperiment(authz, db, subject, experimentId);
  const { fileId, cellId } = filter;
  if (fileId !== undefined && (await getDataFile(db, experimentId, fileId)) === null)
    throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no file ${fileId}`, 'fileId');
  const cell = cellId === undefined ? null : await getCell(db, experimentId, cellId);
  if (cellId !== undefined && cell === null)
    throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no cell ${cellId}`, 'cellId');
  const points = {
    experimentId,
    ...(fileId === undefined ? {} : { fileId }),
    ...(cell === null ? {} : { fileIds: cell.files.map((f) => f.id) }),
  };
  const scope =
    (cellId === undefined ? '' : `-cell-${cellId}`) + (fileId === undefined ? '' : `-file-${fileId}`);
  const body =
    format === 'csv'
      ? exportCsv(db, points)
      : format === 'json'
        ? exportJson(db, points)
        : timeseriesParquet(db, points, {
            batterydb: JSON.stringify({ experimentId, cellId: cellId ?? null, fileId: fileId ?? null }),
          });
  return {
    fileName: `experiment-${experimentId}${scope}.${format}`,
    contentType: format === 'json' ? 'application/json; charset=utf-8' : CONTENT_TYPES[format],
    body,
  };
}
