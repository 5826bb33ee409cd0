import { AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import { cycleGroups, type GroupFilter } from './cycle-groups.ts';
import { CONTENT_TYPES, cycleTable, type CycleTableFormat } from './cycle-table.ts';

/** A download: its name, its media type, and its bytes as they are produced. */
export interface Download {
  fileName: string;
  contentType: string;
  body: Iterable<string> | AsyncIterable<Uint8Array | string>;
}

/**
 * The per-cycle table of an experiment (or of one of its groups) as a download, for the API,
 * the pages and the CLI alike: the experiment's view decision first (invisible → NOT_FOUND, the
 * same words as a missing one), then a group the experiment does not have → NOT_FOUND on the
 * filter's field.
 */
export async function exportCycleTable(
  authz: AppAuthz,
  db: Kysely<Database>,
  subject: Subject | null,
  experimentId: number,
  format: CycleTableFormat,
  filter: GroupFilter = {},
): Promise<Download> {
  const row = await getExperiment(authz, db, subject, experimentId);
  const groups = await cycleGroups(db, experimentId, filter);
  if (filter.cellId !== undefined && !groups.some((g) => g.id === filter.cellId))
    throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no cell ${filter.cellId}`, 'cellId');
  if (filter.fileId !== undefined && groups.length === 0)
    throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no file ${filter.fileId}`, 'fileId');
  const scope =
    (filter.cellId === undefined ? '' : `-cell-${filter.cellId}`) +
    (filter.fileId === undefined ? '' : `-file-${filter.fileId}`);
  return {
    fileName: `experiment-${experimentId}${scope}-cycles.${format}`,
    contentType: CONTENT_TYPES[format],
    body: cycleTable(format, { experimentId, title: row.title, exportedAt: new Date() }, groups),
  };
}
