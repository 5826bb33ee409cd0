import { AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
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
 * Every sample of an experiment (or of one file) as a download, for the API, the pages and the
 * CLI alike: the experiment's view decision first (invisible → NOT_FOUND), then a file the
 * experiment does not have → NOT_FOUND on `fileId`. Streamed page by page in every format.
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
  const { fileId } = filter;
  if (fileId !== undefined && (await getDataFile(db, experimentId, fileId)) === null)
    throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no file ${fileId}`, 'fileId');
  const points = fileId === undefined ? { experimentId } : { experimentId, fileId };
  const body =
    format === 'csv'
      ? exportCsv(db, points)
      : format === 'json'
        ? exportJson(db, points)
        : timeseriesParquet(db, points, {
            batterydb: JSON.stringify({ experimentId, fileId: fileId ?? null }),
          });
  return {
    fileName: `experiment-${experimentId}${fileId === undefined ? '' : `-file-${fileId}`}.${format}`,
    contentType: format === 'json' ? 'application/json; charset=utf-8' : CONTENT_TYPES[format],
    body,
  };
}
