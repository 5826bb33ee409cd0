/**
 * Issue 25: one cycle's curves read that cycle's blocks once. `findCycleCurves` goes over the
 * cycle three times (its peak current, its shape, its curves); the blocks are selected once by
 * the cycle's index range and fetched once, every pass after the first from memory — counted
 * here as the statements on sample_block and the block rows they return, not as time. A cycle
 * longer than KEPT_BLOCKS blocks is fetched once per pass instead (bounded memory), and gives
 * the same answer.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Kysely, KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks, type SyntheticCyclerOptions } from '../../src/cycler/index.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { blockHeaders } from '../../src/measurements/block-reader.ts';
import { KEPT_BLOCKS } from '../../src/measurements/cycle-blocks.ts';
import { findCycleCurves } from '../../src/measurements/cycle-curves.ts';
import { BLOCK_SAMPLES } from '../../src/measurements/sample-blocks.ts';

/** What a query on sample_block is: its headers (a cycle's index range) or its blocks' bytes. */
const kindOf = (node: RootOperationNode): 'headers' | 'blocks' | null => {
  const text = JSON.stringify(node);
  if (!text.includes('"name":"sample_block"')) return null;
  return text.includes('"name":"data"') ? 'blocks' : 'headers';
};

/** A view of `db` that counts the statements on sample_block and the blocks they return. */
function counted(db: Kysely<Database>) {
  const kinds = new WeakMap<QueryId, 'headers' | 'blocks' | null>();
  const reads = { headerQueries: 0, blockQueries: 0, blocks: [] as number[] };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      kinds.set(args.queryId, kindOf(args.node));
      return args.node;
    },
    transformResult(args) {
      const kind = kinds.get(args.queryId);
      if (kind === 'headers') reads.headerQueries += 1;
      if (kind === 'blocks') {
        reads.blockQueries += 1;
        for (const row of args.result.rows) reads.blocks.push(Number(row.first_seq));
      }
      return Promise.resolve(args.result);
    },
  };
  return { db: db.withPlugin(plugin), reads };
}

function* bytes(chunks: Iterable<string>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

for (const dialect of DIALECTS)
  describe(`one cycle's curves read its blocks once (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    let experimentId: number;
    let userId: number;
    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url));
      const authz = createAppAuthz(connection.db);
      await authz.migrateAll();
      userId = (await authz.createUser({ username: 'scientist', isSuperuser: true })).id;
      const [experiment] = await createExperiments(authz, userId, [{ title: 'cycles' }]);
      experimentId = Number(experiment!.id);
    });
    after(async () => {
      await connection.close();
      await database.drop();
    });

    const importRun = async (run: SyntheticCyclerOptions) => {
      const result = await runImport(connection, {
        experimentId,
        userId,
        fileName: `run-${run.cycles}x${run.pointsPerHalfCycle}.csv`,
        input: Readable.from(bytes(syntheticCyclerCsvChunks(run))),
        maxBytes: Number.MAX_SAFE_INTEGER,
      });
      assert.ok(result.ok);
      return result.file.fileId;
    };

    test('a cycle across two blocks of a ten-block file: its headers once, each of its blocks once', async () => {
      // 7 cycles of 6,000 samples: 42,000 samples in 11 blocks; the middle cycle straddles two.
      const run = { cycles: 7, pointsPerHalfCycle: 3000, capacityAh: 2, fadePerCycle: 1e-3, seed: 5 };
      const fileId = await importRun(run);
      const key = { experimentId, fileId };
      const all = await blockHeaders(connection.db, key, 0);
      const ofCycle = await blockHeaders(connection.db, key, 0, { cycleFrom: 4, cycleTo: 4 });
      assert.ok(all.length >= 10, `${all.length} blocks in the file`);
      assert.ok(ofCycle.length >= 2 && ofCycle.length < all.length, `${ofCycle.length} blocks of cycle 4`);

      const { db, reads } = counted(connection.db);
      const curves = await findCycleCurves(db, { experimentId, fileId, cycle: 4, maxPoints: 500 });
      assert.equal(curves.totalPoints, 2 * run.pointsPerHalfCycle);
      assert.deepEqual(
        curves.curves.map((c) => [c.direction, c.totalPoints]),
        [
          ['charge', run.pointsPerHalfCycle],
          ['discharge', run.pointsPerHalfCycle],
        ],
      );
      assert.equal(reads.headerQueries, 1, 'the cycle’s block headers selected once');
      assert.deepEqual(
        reads.blocks,
        ofCycle.map((h) => h.firstSeq),
        'each block of the cycle fetched once, no other',
      );
    });

    test(`a cycle longer than ${KEPT_BLOCKS} blocks is fetched once per pass, with the same curves`, async () => {
      // One cycle of more than KEPT_BLOCKS blocks: kept in memory it would grow with the cycle.
      const half = Math.ceil(((KEPT_BLOCKS + 2) * BLOCK_SAMPLES) / 2);
      const long = { cycles: 1, pointsPerHalfCycle: half, capacityAh: 2, fadePerCycle: 0, seed: 9 };
      const fileId = await importRun(long);
      const headers = await blockHeaders(connection.db, { experimentId, fileId }, 0, {
        cycleFrom: 1,
        cycleTo: 1,
      });
      assert.ok(headers.length > KEPT_BLOCKS, `${headers.length} blocks`);
      const { db, reads } = counted(connection.db);
      const curves = await findCycleCurves(db, { experimentId, fileId, cycle: 1, maxPoints: 500 });
      assert.equal(curves.totalPoints, 2 * half);
      assert.equal(reads.headerQueries, 1);
      // Three passes (peak, shape, curves), each reading the cycle's blocks once.
      assert.equal(reads.blocks.length, 3 * headers.length);
      // The same samples as a short cycle of the same run shape: both directions, every sample.
      assert.deepEqual(
        curves.curves.map((c) => [c.direction, c.totalPoints]),
        [
          ['charge', half],
          ['discharge', half],
        ],
      );
    });
  });
