import { CyclerParseError, locate } from '../cycler-parse-error.ts';
import type { Column } from './header-columns.ts';

/** One data row: its fields as text, and its 1-based line in the file (for messages). */
export interface Row {
  readonly fields: readonly string[];
  readonly line: number;
}

/** Turns one row into a value (a point, a cycle summary), or null to skip the row. */
export interface RowMapper<T> {
  map(row: Row): T | null;
}

// Markers real exports use for "no value" (batterydata writes NaN, Maccor N/A).
const MISSING = new Set(['', 'nan', 'n/a', 'na', 'null', 'none', '-', '--', '#n/a']);

/**
 * Reads numbers out of text fields. `decimalComma` is on for semicolon- and tab-separated files,
 * where European-locale exports write "3,71"; in comma-separated files a comma cannot be a decimal
 * separator (the row would have one column too many).
 */
export class CellReader {
  readonly decimalComma: boolean;

  constructor(options: { decimalComma: boolean }) {
    this.decimalComma = options.decimalComma;
  }

  /** A value every row must have; a missing or non-numeric value is a parse error. */
  required(row: Row, column: Column): number {
    const raw = row.fields[column.index] ?? '';
    const value = this.#parse(raw);
    if (value === null) {
      throw new CyclerParseError(
        `${locate(row.line, column.name)}the value is missing, but every row needs one.`,
        {
          reason: 'missing-value',
          line: row.line,
          column: column.name,
        },
      );
    }
    if (value === undefined) throw this.#notANumber(row, column, raw);
    return value * column.scale;
  }

  /** A cycle or step number: a required whole number >= 0 ("3" or "3.0"). */
  index(row: Row, column: Column): number {
    const value = this.required(row, column);
    if (Number.isInteger(value) && value >= 0) return value;
    throw new CyclerParseError(
      `${locate(row.line, column.name)}"${row.fields[column.index] ?? ''}" is not a whole number >= 0.`,
      {
        reason: 'not-a-number',
        line: row.line,
        column: column.name,
      },
    );
  }

  /** A value a row may lack ("", NaN, N/A → null); text that is not a number is still an error. */
  optional(row: Row, column: Column | undefined): number | null {
    if (column === undefined) return null;
    const raw = row.fields[column.index] ?? '';
    const value = this.#parse(raw);
    if (value === undefined) throw this.#notANumber(row, column, raw);
    return value === null ? null : value * column.scale;
  }

  /** The raw text of a column, trimmed ('' when the column is absent). */
  text(row: Row, column: Column | undefined): string {
    return column === undefined ? '' : (row.fields[column.index] ?? '').trim();
  }

  /** number, null for a missing-value marker, undefined for text that is not a number. */
  #parse(raw: string): number | null | undefined {
    const n = Number(raw);
    if (Number.isFinite(n)) {
      // Number('') and Number('  ') are 0: a blank field is missing, not zero.
      return n === 0 && raw.trim() === '' ? null : n;
    }
    const trimmed = raw.trim();
    if (MISSING.has(trimmed.toLowerCase())) return null;
    if (this.decimalComma && /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/.test(trimmed)) {
      return Number(trimmed.replace(',', '.'));
    }
    return undefined;
  }

  #notANumber(row: Row, column: Column, raw: string): CyclerParseError {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    const hint =
      !this.decimalComma && /^[-+]?\d+,\d+$/.test(raw.trim())
        ? ' (a decimal comma is only read in semicolon- or tab-separated files)'
        : '';
    return new CyclerParseError(`${locate(row.line, column.name)}"${shown}" is not a number${hint}.`, {
      reason: 'not-a-number',
      line: row.line,
      column: column.name,
    });
  }
}
