import type { CellReader, RowMapper } from '../tabular/cell-reader.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';
import type { CycleSummary, CycleSummaryFormat, CyclerPoint, TimeSeriesFormat } from '../cycler-types.ts';

/**
 * What a delimited-text cycler format must say about itself: how to recognise its header line,
 * what metadata the lines above the header hold, and how to turn a row into a value. The shared
 * pipeline (decoding, preamble, csv-parse, batching, errors) lives in parse-text-file.ts, so each
 * format file reads as "this vendor's columns and quirks", side by side with the others.
 */
interface TextFormatBase {
  /** True when `columns` is this format's column-name line. */
  matchesHeader(columns: HeaderColumns): boolean;
  /** True when `firstLine` alone identifies the format (BioLogic's "EC-Lab ASCII FILE"). */
  matchesFirstLine?(firstLine: string): boolean;
  /** Metadata held in the lines above the column names. */
  readPreamble?(lines: readonly string[]): Record<string, string>;
}

export interface TimeSeriesTextFormat extends TextFormatBase {
  readonly kind: 'time-series';
  readonly format: TimeSeriesFormat;
  /** A fresh mapper per file (mappers keep state: cycle derivation, counter normalisation). */
  bind(columns: HeaderColumns, cells: CellReader): RowMapper<CyclerPoint>;
}

export interface CycleSummaryTextFormat extends TextFormatBase {
  readonly kind: 'cycle-summary';
  readonly format: CycleSummaryFormat;
  bind(columns: HeaderColumns, cells: CellReader): RowMapper<CycleSummary>;
}

export type TextFormat = TimeSeriesTextFormat | CycleSummaryTextFormat;
