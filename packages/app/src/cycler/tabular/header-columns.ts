import { CyclerParseError } from '../cycler-parse-error.ts';
import { splitUnit, unitScale, type Quantity } from './units.ts';

/** A column of the file, bound by name; `scale` converts its unit to ours (mA → A is 0.001). */
export interface Column {
  readonly index: number;
  /** The name exactly as the file spells it (for error messages). */
  readonly name: string;
  readonly scale: number;
}

/** Lower-case, single-spaced, unquoted: the form we compare column names in. */
export function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * The header line of a tabular file, with look-ups by name. Vendors spell the same quantity in
 * several ways and with several units, so look-ups take a list of accepted names.
 */
export class HeaderColumns {
  readonly names: readonly string[];
  readonly #byName = new Map<string, number>();

  /** 1-based line of the header in the file (0 for spreadsheets built in memory). */
  readonly line: number;

  constructor(names: readonly string[], line = 1) {
    this.line = line;
    // A trailing delimiter (BioLogic writes one on the header line) makes an empty last name.
    let end = names.length;
    while (end > 0 && (names[end - 1] ?? '').trim() === '') end -= 1;
    this.names = names.slice(0, end).map((n) => n.trim());
    this.names.forEach((name, index) => {
      const key = normaliseName(name);
      // The first of two equal names wins (batterydata summary has Datenum_d and datenum_d).
      if (!this.#byName.has(key)) this.#byName.set(key, index);
    });
  }

  has(...names: string[]): boolean {
    return names.some((n) => this.#byName.has(normaliseName(n)));
  }

  /** The column at a 0-based position, as a unitless column; undefined past the last. */
  at(index: number): Column | undefined {
    const name = this.names[index];
    return name === undefined ? undefined : { index, name, scale: 1 };
  }

  /** The first column whose name is one of `names` (case-insensitive), as a unitless column. */
  find(...names: string[]): Column | undefined {
    for (const name of names) {
      const index = this.#byName.get(normaliseName(name));
      if (index !== undefined) return { index, name: this.names[index] ?? name, scale: 1 };
    }
    return undefined;
  }

  /**
   * The first column named `base` followed by a unit of `quantity`, in any of the spellings
   * "Current(mA)", "Current (mA)", "I/mA", "Current / mA". Bare names in `unitless` count as the
   * base unit (Arbin writes "Current" for amperes).
   */
  findQuantity(
    quantity: Quantity,
    bases: readonly string[],
    unitless: readonly string[] = [],
  ): Column | undefined {
    const wanted = new Set(bases.map(normaliseName));
    for (const [index, name] of this.names.entries()) {
      const split = splitUnit(name);
      if (split === null || !wanted.has(normaliseName(split.base))) continue;
      const scale = unitScale(quantity, split.unit);
      if (scale !== null) return { index, name, scale };
    }
    return this.find(...unitless);
  }

  /** Like `find`/`findQuantity`, but a missing column is a parse error naming what is missing. */
  require(label: string, column: Column | undefined, expected: readonly string[]): Column {
    if (column !== undefined) return column;
    throw new CyclerParseError(
      `Line ${this.line}: the file has no ${label} column (looked for ${expected.map((e) => `"${e}"`).join(', ')}). ` +
        `Its columns are: ${this.names.join(', ')}.`,
      { reason: 'missing-column', line: this.line, column: expected[0] },
    );
  }
}
