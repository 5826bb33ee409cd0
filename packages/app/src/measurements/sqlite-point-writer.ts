import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { finite, POINT_COLUMNS, type PointWriter } from './point-writer.ts';

/** SQLite's limit is 32,766 bound values per statement; 500 rows × 13 columns stays far below. */
const ROWS_PER_STATEMENT = 500;

const statements = new Map<number, string>();

/** The INSERT text for `rows` rows, built once per row count (every full slice shares one). */
function insertText(rows: number): string {
  let text = statements.get(rows);
  if (text === undefined) {
    const tuple = `(${POINT_COLUMNS.map(() => '?').join(',')})`;
    const columns = POINT_COLUMNS.map((c) => `"${c}"`).join(',');
    text = `insert into "measurement" (${columns}) values ${Array<string>(rows).fill(tuple).join(',')}`;
    statements.set(rows, text);
  }
  return text;
}

/**
 * Multi-row INSERTs through Kysely's executor, skipping its query builder: for a million samples
 * the statement text is built once and only the values change (~150,000 samples/s here).
 */
export function sqlitePointWriter(db: Kysely<Database>): PointWriter {
  return {
    async write(target, points) {
      for (let start = 0; start < points.length; start += ROWS_PER_STATEMENT) {
        const end = Math.min(points.length, start + ROWS_PER_STATEMENT);
        // One flat array, filled in place: a million samples make no per-row arrays.
        const values: (number | null)[] = [];
        for (let i = start; i < end; i += 1) {
          const p = points[i]!;
          values.push(
            target.experimentId,
            target.fileId,
            target.firstSeq + i,
            p.timeS,
            p.cycle,
            p.step,
            p.currentA,
            p.voltageV,
            finite(p.chargeCapacityAh),
            finite(p.dischargeCapacityAh),
            finite(p.chargeEnergyWh),
            finite(p.dischargeEnergyWh),
            finite(p.temperatureC),
          );
        }
        await db.executeQuery(CompiledQuery.raw(insertText(end - start), values));
      }
    },
  };
}
