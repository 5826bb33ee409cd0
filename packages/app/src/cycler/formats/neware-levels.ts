import { CyclerParseError } from '../cycler-parse-error.ts';
import type { Row } from '../tabular/cell-reader.ts';
import { splitHeaderLine } from '../tabular/delimiter.ts';
import { HeaderColumns } from '../tabular/header-columns.ts';
import type { RowShaper } from './text-format.ts';

/**
 * Neware BTSDA's three-level CSV. Line 1 names the cycle columns ("Cycle Index, Chg. Cap.(Ah),
 * DChg. Cap.(Ah), …"), line 2 the step columns after one empty field (", Step Index, Step Number,
 * Step Type, …"), line 3 the record columns after two (",, DataPoint, Time, Total Time,
 * Current(A), …"). Data rows say their level the same way. The first step row of each cycle is
 * written on the cycle's own line, after the cycle's values.
 *
 * Records carry neither cycle nor step, so the shaper remembers the last cycle and step rows and
 * hands the mapper a flat record: [cycle, step index, …record values…, step type, step number],
 * under the names "Cycle Index", "Step Index", the record names, "Step Type", "Step Number" —
 * which the flat layout's ColumnMap already reads. The cycle rows are the cycler's own per-cycle
 * figures (tests compare ours with them).
 */
export const newareLevels = {
  isCycleHeader(columns: HeaderColumns): boolean {
    return (
      columns.has('Cycle Index') &&
      columns.findQuantity('capacity', ['Chg. Cap.']) !== undefined &&
      columns.findQuantity('current', ['Current']) === undefined
    );
  },

  async shape(header: HeaderColumns, readLine: () => Promise<string | null>): Promise<RowShaper | null> {
    if (!newareLevels.isCycleHeader(header)) return null;
    const stepLine = await readLine();
    const recordLine = await readLine();
    const step = stepLine === null ? [] : splitHeaderLine(stepLine, ',');
    const record = recordLine === null ? [] : splitHeaderLine(recordLine, ',');
    if (step[0] !== '' || step[1] === '' || record[0] !== '' || record[1] !== '' || record[2] === '') {
      throw new CyclerParseError(
        `Line ${header.line + 1}: this looks like Neware's three-level export (its first line names the ` +
          'cycle columns), but the next two lines are not its step and record headers ' +
          '(",Step Index,…" and ",,DataPoint,…").',
        { reason: 'missing-column', line: header.line + 1 },
      );
    }
    return new LevelShaper(header, step, record, header.line + 2);
  },
};

class LevelShaper implements RowShaper {
  readonly columns: HeaderColumns;
  readonly #cycleCount: number;
  readonly #stepCount: number;
  readonly #recordCount: number;
  readonly #stepIndex: number;
  readonly #stepNumber: number;
  readonly #stepType: number;
  #cycle = '';
  #step = ['', '', ''];

  constructor(cycleHeader: HeaderColumns, step: string[], record: string[], recordLine: number) {
    const stepHeader = new HeaderColumns(step);
    this.#cycleCount = cycleHeader.names.length;
    this.#stepCount = step.length;
    this.#recordCount = record.length;
    this.#stepIndex = stepHeader.find('Step Index')?.index ?? 1;
    this.#stepNumber = stepHeader.find('Step Number')?.index ?? this.#stepIndex;
    this.#stepType = stepHeader.find('Step Type')?.index ?? 3;
    this.columns = new HeaderColumns(
      ['Cycle Index', 'Step Index', ...record.slice(2), 'Step Type', 'Step Number'],
      recordLine,
    );
  }

  columnCount(fields: readonly string[]): number {
    if (fields[0] !== '')
      return fields.length > this.#cycleCount ? this.#cycleCount + this.#stepCount - 1 : this.#cycleCount;
    return fields[1] !== '' ? this.#stepCount : this.#recordCount;
  }

  reshape(row: Row): Row | null {
    const f = row.fields;
    if (f[0] !== '') {
      this.#cycle = f[0] ?? '';
      if (f.length > this.#cycleCount) this.#setStep(['', ...f.slice(this.#cycleCount)]);
      return null;
    }
    if (f[1] !== '') {
      this.#setStep(f);
      return null;
    }
    const fields = [this.#cycle, this.#step[0] ?? '', ...f.slice(2, this.#recordCount)];
    while (fields.length < this.#recordCount) fields.push('');
    fields.push(this.#step[1] ?? '', this.#step[2] ?? '');
    return { fields, line: row.line };
  }

  #setStep(fields: readonly string[]): void {
    this.#step = [
      fields[this.#stepIndex] ?? '',
      fields[this.#stepType] ?? '',
      fields[this.#stepNumber] ?? '',
    ];
  }
}
