import type { Connection } from '../db/connect.ts';
import { postgresSampleSink, refreshStatistics } from './postgres-sample-sink.ts';
import type { SampleSink, SinkTarget } from './sample-sink.ts';
import { sqliteSampleSink } from './sqlite-sample-sink.ts';

/** Runs `fn` with the sample sink of the connection's dialect (see sample-sink.ts for why two). */
export function withSampleSink<T>(
  connection: Connection,
  target: SinkTarget,
  fn: (sink: SampleSink) => Promise<T>,
): Promise<T> {
  const { config } = connection;
  if (config.dialect === 'postgres') return postgresSampleSink(config.url, target, fn);
  return fn(sqliteSampleSink(connection.db, target));
}

/** After a committed import of `samples` samples: statistics upkeep (PostgreSQL only). */
export async function afterImport(connection: Connection, samples: number): Promise<void> {
  if (connection.config.dialect === 'postgres') await refreshStatistics(connection.db, samples);
}
