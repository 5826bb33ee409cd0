import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CyclerPoint } from '../cycler/index.ts';
import { finite, POINT_COLUMNS, type PointTarget, type PointWriter } from './point-writer.ts';

const COPY = `COPY measurement (${POINT_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`;

/** "PGCOPY\n\377\r\n\0", flags, header extension length (PostgreSQL docs, COPY binary format). */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);
/** Per row: field count, then length + value per field (5 int4, 8 float8). */
const ROW_BYTES = 2 + 5 * (4 + 4) + 8 * (4 + 8);

/** One batch as a binary COPY stream; NULL is length −1. Column order is POINT_COLUMNS. */
function encode(target: PointTarget, points: readonly CyclerPoint[]): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER.length + points.length * ROW_BYTES + TRAILER.length);
  let at = HEADER.copy(buffer, 0);
  const int4 = (value: number | null) => {
    if (value === null) return void (at = buffer.writeInt32BE(-1, at));
    at = buffer.writeInt32BE(4, at);
    at = buffer.writeInt32BE(value, at);
  };
  const float8 = (value: number | null) => {
    if (value === null) return void (at = buffer.writeInt32BE(-1, at));
    at = buffer.writeInt32BE(8, at);
    at = buffer.writeDoubleBE(value, at);
  };
  points.forEach((p, i) => {
    at = buffer.writeInt16BE(POINT_COLUMNS.length, at);
    int4(target.experimentId);
    int4(target.fileId);
    int4(target.firstSeq + i);
    float8(p.timeS);
    int4(p.cycle);
    int4(p.step);
    float8(p.currentA);
    float8(p.voltageV);
    float8(finite(p.chargeCapacityAh));
    float8(finite(p.dischargeCapacityAh));
    float8(finite(p.chargeEnergyWh));
    float8(finite(p.dischargeEnergyWh));
    float8(finite(p.temperatureC));
  });
  at += TRAILER.copy(buffer, at);
  return buffer.subarray(0, at);
}

/**
 * `COPY … FROM STDIN (FORMAT binary)` on the import's own client, one COPY per batch. Against a
 * multi-row or `unnest` INSERT it is about twice as fast (no SQL per row, no parameter arrays),
 * and the binary format spares the server parsing every number from text. Runs inside the
 * import's transaction like any other statement.
 */
export function postgresPointWriter(client: pg.ClientBase): PointWriter {
  return {
    async write(target, points) {
      if (points.length === 0) return;
      await pipeline(Readable.from([encode(target, points)]), client.query(copyFrom(COPY)));
    },
  };
}
