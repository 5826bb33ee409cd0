import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { ColumnType } from './cycle-columns.ts';

/** A column of a Parquet table: its values arrive batch by batch. */
export interface ParquetColumn {
  name: string;
  type: ColumnType;
  /** false: every value is present (REQUIRED); true: nulls allowed (OPTIONAL). */
  nullable: boolean;
}

/** Column-major: `batch[column][row]`, in the columns' order (how Parquet stores them). */
export type ParquetBatch = (number | string | null)[][];

const PHYSICAL: Record<ColumnType, Omit<SchemaElement, 'name'>> = {
  INT32: { type: 'INT32' },
  DOUBLE: { type: 'DOUBLE' },
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
};

/**
 * A byte writer that hands its bytes over after every row group (ParquetWriter calls `flush`
 * then) instead of growing one buffer for the whole file: memory is one row group.
 */
class HandOverWriter extends ByteWriter {
  readonly out: Uint8Array[] = [];
  flush(): void {
    this.out.push(new Uint8Array(this.buffer, 0, this.index).slice());
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
}

/**
 * A Parquet file written as a stream with hyparquet-writer (pure JS: no native build, runs on
 * Node 20), Snappy-compressed, one row group per batch. The caller chooses batch sizes (tens
 * of thousands of rows compress well and stay small in memory). `metadata` goes into the file's key-value metadata.
 */
export async function* parquetStream(
  columns: readonly ParquetColumn[],
  batches: Iterable<ParquetBatch> | AsyncIterable<ParquetBatch>,
  metadata: Record<string, string> = {},
): AsyncGenerator<Uint8Array> {
  const writer = new HandOverWriter();
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => ({
      name: c.name,
      ...PHYSICAL[c.type],
      repetition_type: c.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const),
    })),
  ];
  const parquet = new ParquetWriter({
    writer,
    schema,
    codec: 'SNAPPY',
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'BatteryDB',
  });
  for await (const batch of batches) {
    const rows = batch[0]?.length ?? 0;
    if (rows === 0) continue;
    await parquet.write({
      columnData: columns.map((c, i) => ({ name: c.name, data: batch[i] ?? [] })),
      rowGroupSize: rows,
    });
    yield* writer.out.splice(0);
  }
  await parquet.finish();
  yield* writer.out.splice(0);
}
