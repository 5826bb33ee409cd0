/**
 * Cycler-file import parsing: detects what an uploaded battery-cycler file is (by content), streams
 * its samples as normalised points (s, A, V, Ah, Wh, °C; charge current > 0) and computes per-cycle
 * summaries. No database, no HTTP: the upload route feeds bytes in and stores what comes out.
 *
 * @example
 *   const parsed = await parseCyclerFile(request.file.stream);      // CyclerParseError → 400
 *   if (parsed.kind === 'time-series') {
 *     const summary = new CycleSummaryBuilder();
 *     for await (const points of parsed.batches) { await insertPoints(points); summary.add(points); }
 *     await insertCycles(summary.finish());
 *   } else {
 *     for await (const cycles of parsed.summaries) await insertCycles(cycles);
 *   }
 *
 * Conventions every importer follows:
 * - cycle numbers are the file's own (Arbin, Neware and batterydata count from 1, Maccor and
 *   BioLogic from 0); where a file has none they are derived: BioLogic .mpr from half cycles
 *   (two per cycle, from 0), BDF from steps and current sign (from 1);
 * - capacity and energy counters: see normalise/within-cycle-counter.ts;
 * - rows that are not cycling samples (batterydata EIS rows) are dropped and counted in stats.
 */
export type {
  CyclerFormat,
  CyclerPoint,
  CycleSummary,
  TimeSeriesFormat,
  CycleSummaryFormat,
  CapacitySource,
} from './cycler-types.ts';
export { ALL_FORMATS } from './cycler-types.ts';
export { CyclerParseError, type CyclerParseErrorReason } from './cycler-parse-error.ts';
export { detectFormat, DETECTION_HEAD_BYTES } from './detect-format.ts';
export { parseCyclerFile, MAX_CONTAINER_BYTES } from './parse-cycler-file.ts';
export type {
  ParsedCyclerFile,
  TimeSeriesFile,
  CycleSummaryFile,
  ParseOptions,
  ParseProgress,
  ParseStats,
} from './parsed-cycler-file.ts';
export { CycleSummaryBuilder } from './cycle-summary-builder.ts';
export {
  syntheticCyclerCsv,
  syntheticCyclerCsvChunks,
  syntheticChargeAh,
  syntheticDischargeAh,
  type SyntheticCyclerOptions,
} from './synthetic-cycler-csv.ts';
export {
  checkColumnMapping,
  mappedTextFormat,
  MAPPED_FIELDS,
  MAPPED_FIELD_NAMES,
  type ColumnMapping,
  type MappedField,
  type MappingFieldError,
  type SavedColumnMapping,
} from './mapping/user-mapping.ts';
export { headerSignature } from './mapping/header-signature.ts';
export { previewTable, PREVIEW_ROWS, type TablePreview } from './mapping/table-preview.ts';
