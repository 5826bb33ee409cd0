import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findDataFiles } from './data-files.ts';
import { findCycles } from './find-cycles.ts';
import { ALL_MEASUREMENT_FIELDS, MEASUREMENT_FIELDS } from './measurement-fields.ts';
import { type PointFilter, readPoints } from './read-points.ts';

/**
 * The experiment's data (or one file's: `filter.fileId`) as one JSON document — `{ experimentId, files, cycles, fields, points }`
 * with `points` an array of objects keyed by `fields` — written a page at a time, so a
 * million-sample test is never one string in memory. The caller has decided visibility.
 */
export async function* exportJson(
  db: Kysely<Database>,
  filter: Pick<PointFilter, 'experimentId' | 'fileId' | 'fileIds'>,
): AsyncGenerator<string> {
  const { experimentId, fileId } = filter;
  const files = (await findDataFiles(db, experimentId)).filter(
    (f) => fileId === undefined || f.id === fileId,
  );
  const cycles = await findCycles(db, experimentId, fileId === undefined ? {} : { fileId });
  const head = JSON.stringify({ experimentId, files, cycles, fields: ALL_MEASUREMENT_FIELDS });
  // Open the document without its closing brace, then append the points array.
  yield `${head.slice(0, -1)},"points":[`;
  const columns = ALL_MEASUREMENT_FIELDS.map((f) => [f, MEASUREMENT_FIELDS[f]] as const);
  let first = true;
  for await (const page of readPoints(
    db,
    filter,
    columns.map(([, c]) => c),
  )) {
    const parts = page.map((row) => JSON.stringify(Object.fromEntries(columns.map(([f, c]) => [f, row[c]]))));
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']}';
}
