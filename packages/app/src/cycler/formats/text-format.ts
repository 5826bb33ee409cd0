import type { ColumnMap } from '../mapping/column-map.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';
import type { CycleSummary, CycleSummaryFormat, TimeSeriesFormat } from '../cycler-types.ts';

/**
 * What a delimited-text cycler format must say about itself: how to recognise its header line,
 * what metadata the lines above the header hold, and which column holds what (a ColumnMap read by
 * the one generic mapper, mapping/row-mapper.ts). The shared pipeline (decoding, preamble,
 * csv-parse, batching, errors) lives in parse-text-file.ts, so each format file reads as "this
 * vendor's columns and quirks", side by side with the others.
 */
interface TextFormatBase {
  /** True when `columns` is this format's column-name line. */
  matchesHeader(columns: HeaderColumns): boolean;
  /** True when `firstLine` alone identifies the format (BioLogic's "EC-Lab ASCII FILE"). */
  matchesFirstLine?(firstLine: string): boolean;
  /** Metadata held in the lines above the column names. */
  readPreamble?(lines: readonly string[]): Record<string, string>;
  /**
   * What a person would call this layout and its telling columns (each a list of spellings), so
   * that a refused file is told which layout it resembles most and which of these it lacks.
   */
  readonly resembles?: { name: string; columns: readonly (readonly string[])[] };
}

/**
 * For layouts whose rows are not all alike (Neware's three-level export): the header the mapper
 * reads, the field count each row must have, and each row made flat (null for a row that only
 * sets context, such as a cycle or a step row).
 */
export interface RowShaper {
  readonly columns: HeaderColumns;
  columnCount(fields: readonly string[]): number;
  reshape(row: Row): Row | null;
}

export interface TimeSeriesTextFormat extends TextFormatBase {
  readonly kind: 'time-series';
  readonly format: TimeSeriesFormat;
  /** Which column holds what; the generic mapper reads every time-series format from this. */
  readonly columns: ColumnMap;
  /** Reads the further header lines of a multi-level layout; null when the file is flat. */
  shapeRows?(header: HeaderColumns, readLine: () => Promise<string | null>): Promise<RowShaper | null>;
}

export interface CycleSummaryTextFormat extends TextFormatBase {
  readonly kind: 'cycle-summary';
  readonly format: CycleSummaryFormat;
  bind(columns: HeaderColumns, cells: CellReader): RowMapper<CycleSummary>;
}

export type TextFormat = TimeSeriesTextFormat | CycleSummaryTextFormat;
