import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finite, POINT_COLUMNS, type PointWriter } from './point-writer.ts';

const COPY = `COPY measurement (${POINT_COLUMNS.join(', ')}) FROM STDIN`;

/** COPY's text format: tab-separated, `\N` for NULL; numbers need no escaping. */
const field = (value: number | null): string => (value === null ? '\\N' : String(value));

/**
 * `COPY … FROM STDIN` on the import's own client, one COPY per batch: about twice the rate of a
 * multi-row or `unnest` INSERT on the same machine (PostgreSQL parses no SQL per row and no
 * parameter arrays). Runs inside the import's transaction like any other statement.
 */
export function postgresPointWriter(client: pg.ClientBase): PointWriter {
  return {
    async write(target, points) {
      if (points.length === 0) return;
      const key = `${target.experimentId}\t${target.fileId}\t`;
      let text = '';
      points.forEach((p, i) => {
        text +=
          `${key}${target.firstSeq + i}\t${p.timeS}\t${p.cycle}\t${field(p.step)}\t${p.currentA}\t` +
          `${p.voltageV}\t${field(finite(p.chargeCapacityAh))}\t${field(finite(p.dischargeCapacityAh))}\t` +
          `${field(finite(p.chargeEnergyWh))}\t${field(finite(p.dischargeEnergyWh))}\t${field(finite(p.temperatureC))}\n`;
      });
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY)));
    },
  };
}
