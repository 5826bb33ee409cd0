import { CyclerParseError } from '../cycler-parse-error.ts';
import type { CyclerPoint } from '../cycler-types.ts';
import type { ParseStats, TimeSeriesFile } from '../parsed-cycler-file.ts';
import { countedBatches, inBatches } from '../tabular/map-batches.ts';
import { readMprLayout } from './mpr-data.ts';
import { readMprModules, type MprModule } from './mpr-modules.ts';
import { mprPoints } from './mpr-points.ts';

/**
 * Opens a whole BioLogic .mpr file (already in memory: the format is a container, read by
 * offsets). Points are decoded lazily, batch by batch, from the buffer.
 */
export function openMpr(
  file: Buffer,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): TimeSeriesFile {
  const modules = readMprModules(file);
  const data = modules.find((m) => m.name === 'VMP data');
  if (data === undefined) {
    throw new CyclerParseError(
      'This BioLogic .mpr file has no data module ("VMP data"); it holds settings only.',
      {
        reason: 'no-data',
      },
    );
  }
  const layout = readMprLayout(data);
  const metadata: Record<string, string> = {
    'biologic.points': String(layout.points),
    'biologic.columnIds': layout.columnIds.join(','),
  };
  const settings = modules.find((m) => m.name === 'VMP Set');
  if (settings !== undefined) metadata['biologic.settingsDate'] = settings.date;
  const log = modules.find((m) => m.name === 'VMP LOG');
  const started = log === undefined ? null : acquisitionStart(log);
  if (started !== null) metadata['biologic.acquisitionStarted'] = started;

  const batches: AsyncIterable<CyclerPoint[]> = countedBatches(
    inBatches(mprPoints(data.data, layout), options.batchSize),
    stats,
    options.report,
  );
  return { kind: 'time-series', format: 'biologic-mpr', metadata, stats, batches };
}

/**
 * The log module holds the acquisition start as an OLE automation date (days since 1899-12-30)
 * at one of a few offsets that vary between software versions; take the first that is plausible.
 */
function acquisitionStart(log: MprModule): string | null {
  for (const offset of [465, 469, 473, 585]) {
    if (log.data.length < offset + 8) continue;
    const days = log.data.readDoubleLE(offset);
    if (days > 40000 && days < 80000) {
      const ms = Math.round((days - 25569) * 86400000); // 25569 days from 1899-12-30 to 1970-01-01
      // BioLogic stores local wall-clock time without a zone: print it without one.
      return new Date(ms).toISOString().replace('Z', '');
    }
  }
  return null;
}
