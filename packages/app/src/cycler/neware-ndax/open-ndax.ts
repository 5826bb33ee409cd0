import { CyclerParseError } from '../cycler-parse-error.ts';
import type { CyclerPoint } from '../cycler-types.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import type { ParseStats, TimeSeriesFile } from '../parsed-cycler-file.ts';
import { countedBatches, inBatches } from '../tabular/map-batches.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';
import { version5Records, type NdaxRecord } from './ndax-records.ts';
import { splitRecords } from './ndax-split-records.ts';
import { ndaRecords } from './nda-records.ts';
import { ndcFile } from './ndc-pages.ts';
import { ndaxMetadata } from './ndax-metadata.ts';

/** The most of one .ndc part we hold (each is read by offsets, like every container). */
const MAX_NDC_BYTES = 512 * 2 ** 20;

/**
 * Opens a Neware .ndax (BTSDA 7.6+ / BTS 8 native file): a ZIP of XML descriptions (TestInfo,
 * Step, VersionInfo) and binary .ndc parts. Older files (ndc version 5) keep every sample whole in
 * data.ndc; BTS 8 files split it over data.ndc, data_runInfo.ndc and data_step.ndc
 * (ndax-split-records.ts). Capacities are the cycler's own counters (mAh, per step); current is
 * signed, discharge negative. Cycles are Neware's own, from 1.
 */
export async function openNdax(
  archive: ZipArchive,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): Promise<TimeSeriesFile> {
  if (!archive.has('data.ndc'))
    throw new CyclerParseError('This Neware .ndax file has no data part (data.ndc).', { reason: 'no-data' });
  const data = ndcFile(await archive.read('data.ndc', MAX_NDC_BYTES));
  let records: Iterable<NdaxRecord>;
  if (data.version === 5) records = version5Records(data);
  else if (archive.has('data_runInfo.ndc') && archive.has('data_step.ndc'))
    records = splitRecords(
      data,
      ndcFile(await archive.read('data_runInfo.ndc', MAX_NDC_BYTES)),
      ndcFile(await archive.read('data_step.ndc', MAX_NDC_BYTES)),
    );
  else
    throw new CyclerParseError(
      `This Neware .ndax file (data format version ${data.version}) lacks its run and step parts ` +
        '(data_runInfo.ndc, data_step.ndc).',
      { reason: 'damaged-container' },
    );
  const metadata = await ndaxMetadata(archive);
  archive.close();
  const batches: AsyncIterable<CyclerPoint[]> = countedBatches(
    inBatches(points(records), options.batchSize),
    stats,
    options.report,
  );
  return { kind: 'time-series', format: 'neware-ndax', metadata, stats, batches };
}

/**
 * Opens a Neware .nda (BTSDA 7 legacy binary, version 29; nda-records.ts), buffered like every
 * container. Its records are the .ndax version-5 ones in another frame, so the points are the same.
 */
export function openNda(
  file: Buffer,
  stats: ParseStats,
  options: { batchSize: number; report: () => void },
): TimeSeriesFile {
  const records = ndaRecords(file);
  const batches = countedBatches(inBatches(points(records), options.batchSize), stats, options.report);
  return {
    kind: 'time-series',
    format: 'neware-nda',
    metadata: { 'neware.ndaVersion': String(file[14]) },
    stats,
    batches,
  };
}

function* points(records: Iterable<NdaxRecord>): Generator<CyclerPoint> {
  const counters = new WithinCycleCounters();
  let any = false;
  for (const r of records) {
    any = true;
    const point: CyclerPoint = {
      timeS: r.timeS,
      cycle: r.cycle,
      step: r.step,
      currentA: r.currentMA / 1000,
      voltageV: r.voltageV,
      chargeCapacityAh: null,
      dischargeCapacityAh: null,
      chargeEnergyWh: null,
      dischargeEnergyWh: null,
      temperatureC: null,
    };
    yield counters.fill(
      point,
      r.stepRun,
      r.chargeMAh / 1000,
      r.dischargeMAh / 1000,
      r.chargeMWh / 1000,
      r.dischargeMWh / 1000,
    );
  }
  if (!any) throw new CyclerParseError('This Neware .ndax file holds no samples.', { reason: 'no-data' });
}
