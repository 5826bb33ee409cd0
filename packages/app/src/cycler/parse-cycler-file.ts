import { stat } from 'node:fs/promises';
import { openArbinRes } from './arbin-res/open-arbin-res.ts';
import { openMpr } from './biologic-mpr/open-mpr.ts';
import { ByteSource } from './byte-source.ts';
import { CyclerParseError } from './cycler-parse-error.ts';
import type { CyclerFormat } from './cycler-types.ts';
import { DETECTION_HEAD_BYTES, sniffHead } from './detect-format.ts';
import { textFormat } from './formats/text-formats.ts';
import { openNewareXls } from './neware-xls/open-neware-xls.ts';
import { openZip } from './zip/open-zip.ts';
import { openNda } from './neware-ndax/open-ndax.ts';
import { openTextFile } from './parse-text-file.ts';
import {
  DEFAULT_BATCH_SIZE,
  type ParseOptions,
  type ParseStats,
  type ParsedCyclerFile,
} from './parsed-cycler-file.ts';
import { sniffEncoding } from './text-encoding.ts';
import { withColumnMapping } from './mapping/choose-mapping.ts';

/**
 * The most we buffer for the container formats (.mpr, .xls), which are read by offsets and so
 * cannot stream. Real files are a few MB; text formats have no limit because they stream.
 */
export const MAX_CONTAINER_BYTES = 256 * 2 ** 20;

/**
 * Parses an uploaded cycler file. Detection uses the content, never the name. Text formats stream:
 * the promise resolves once the column names are read (a missing column rejects it), and each
 * batch is parsed when the caller asks for it, so a file of any size runs in bounded memory;
 * row errors (a ragged row, a non-number) are thrown from the iteration. Container formats (.mpr,
 * .xls) are buffered up to MAX_CONTAINER_BYTES and fully checked before the promise resolves.
 *
 * @example
 *   const parsed = await parseCyclerFile(fs.createReadStream(path));
 *   if (parsed.kind === 'time-series') for await (const points of parsed.batches) store(points);
 */
export async function parseCyclerFile(
  input: AsyncIterable<Buffer | Uint8Array>,
  options: ParseOptions = {},
): Promise<ParsedCyclerFile> {
  const source = new ByteSource(input);
  const stats: ParseStats = { bytes: 0, rows: 0, skippedRows: 0 };
  const report = (): void => {
    stats.bytes = source.bytesRead;
    options.onProgress?.({ bytes: stats.bytes, rows: stats.rows });
  };
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));

  const head = await source.head(DETECTION_HEAD_BYTES);
  stats.bytes = source.bytesRead;
  if (head.length === 0) {
    throw new CyclerParseError('The file is empty.', { reason: 'empty-file', line: 1 });
  }
  const encoding = options.encoding ?? sniffEncoding(head);
  const sniffed = sniffHead(head, encoding);
  const mapped = await withColumnMapping(head, encoding, sniffed, options);
  if (mapped !== null) return openTextFile(source, mapped, encoding, stats, { batchSize, report });
  let format: CyclerFormat;
  if (options.format !== undefined) format = options.format;
  else if (sniffed.kind === 'unknown')
    throw new CyclerParseError(sniffed.description, {
      reason: sniffed.reason ?? 'unrecognised-format',
      line: 1,
    });
  else if (sniffed.kind === 'zip')
    return openZip(await zipInput(source, options.file), finalBytes(stats, source), {
      batchSize,
      report,
    });
  else format = sniffed.kind === 'text' ? sniffed.format.format : sniffed.format;

  switch (format) {
    case 'biologic-mpr':
      return openMpr(await source.readAll(MAX_CONTAINER_BYTES, 'BioLogic .mpr'), finalBytes(stats, source), {
        batchSize,
        report,
      });
    case 'neware-xls':
      return openNewareXls(
        await source.readAll(MAX_CONTAINER_BYTES, 'Excel .xls'),
        finalBytes(stats, source),
        { batchSize, report },
      );
    case 'arbin-res':
      return openArbinRes(
        await source.readAll(MAX_CONTAINER_BYTES, 'Arbin .res'),
        finalBytes(stats, source),
        {
          batchSize,
          report,
        },
      );
    case 'neware-nda':
      return openNda(await source.readAll(MAX_CONTAINER_BYTES, 'Neware .nda'), finalBytes(stats, source), {
        batchSize,
        report,
      });
    case 'arbin-xlsx':
    case 'lanhe-xlsx':
    case 'neware-ndax':
      return openZip(await zipInput(source, options.file), finalBytes(stats, source), {
        batchSize,
        report,
      });
    case 'arbin-csv':
    case 'maccor-text':
    case 'biologic-text':
    case 'neware-csv':
    case 'bdf-csv':
    case 'batterydata-raw':
    case 'batterydata-summary':
    case 'pec-csv':
    case 'novonix-csv':
    case 'basytec-text':
    case 'batteryarchive-timeseries':
    case 'batteryarchive-cycles': {
      const text = textFormat(format);
      if (text === undefined) throw new Error(`no text reader registered for ${format}`);
      return openTextFile(source, text, encoding, stats, { batchSize, report });
    }
    case 'column-mapped':
      throw new Error('a column-mapped file is read with its mapping (options.columnMapping)');
  }
}

/** The ZIP's bytes: the caller's copy on disk when it has one, else the input, buffered. */
async function zipInput(
  source: ByteSource,
  file: string | undefined,
): Promise<Buffer | { path: string; size: number }> {
  if (file === undefined) return source.readAll(MAX_CONTAINER_BYTES, 'ZIP (.xlsx, .ndax)');
  const { size } = await stat(file);
  return { path: file, size };
}

function finalBytes(stats: ParseStats, source: ByteSource): ParseStats {
  stats.bytes = source.bytesRead;
  return stats;
}
