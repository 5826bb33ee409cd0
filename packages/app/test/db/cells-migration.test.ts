/**
 * Issue 20: a database made by the release before cells — experiments with files, samples,
 * cycles and grants — upgrades through 2026-12-07-20-01-cells: every file becomes a cell of its
 * own with its experiment's active mass, no row is lost or changed, grants still decide, and the
 * API answers as before (the same cycles, now with their cell).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { createTestDatabase, DIALECTS } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { roles } from '../../src/authz/roles.ts';
import { findCellCycles } from '../../src/cells/cell-cycles.ts';
import { findCells } from '../../src/cells/find-cells.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { migrateApp, migrationBefore } from '../../src/db/migrate-app.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';

const CELLS = '2026-12-07-20-01-cells';
const TABLES = ['data_file', 'data_file_chunk', 'measurement', 'cycle_summary', 'data_import', 'experiment'];

async function counts(db: Kysely<unknown>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    out[table] = Number(rows[0]!.n);
  }
  return out;
}

/** A file as the previous release stored it: row, one chunk, samples and cycles. */
async function oldFile(
  db: Kysely<unknown>,
  experimentId: number,
  name: string,
  cycles: number,
): Promise<number> {
  const blob = Buffer.from(`bytes of ${name}`);
  const { rows } = await sql<{ id: number }>`
    insert into data_file (experiment_id, file_name, format, size_bytes, sha256, chunk_count, point_count,
      cycle_count, skipped_rows, metadata, uploaded_by, created_at, status, capacity_source)
    values (${experimentId}, ${name}, 'arbin-csv', ${blob.length}, ${'a'.repeat(64)}, 1, ${cycles * 2},
      ${cycles}, 0, '{}', null, 1700000000000, 'complete', 'cycler')
    returning id`.execute(db);
  const fileId = Number(rows[0]!.id);
  await sql`insert into data_file_chunk (file_id, seq, bytes) values (${fileId}, 1, ${blob})`.execute(db);
  for (let cycle = 1; cycle <= cycles; cycle++) {
    for (const [k, current] of [1, -1].entries())
      await sql`insert into measurement (experiment_id, file_id, seq, time_s, cycle, step, current_a, voltage_v)
        values (${experimentId}, ${fileId}, ${cycle * 2 + k - 1}, ${cycle * 100 + k}, ${cycle}, ${k + 1},
          ${current * 0.001}, ${3 + k * 0.4})`.execute(db);
    await sql`insert into cycle_summary (experiment_id, file_id, cycle, charge_capacity_ah, discharge_capacity_ah,
        coulombic_efficiency, charge_energy_wh, discharge_energy_wh, duration_s, label)
      values (${experimentId}, ${fileId}, ${cycle}, ${0.0021 - cycle * 1e-5}, ${0.002 - cycle * 1e-5}, 0.99,
        0.007, 0.0065, 7200, null)`.execute(db);
  }
  return fileId;
}

for (const dialect of DIALECTS)
  describe(`upgrading a database from before cells (${dialect})`, () => {
    test('every file becomes its own cell with the experiment’s mass; nothing is lost', async () => {
      const database = await createTestDatabase(dialect);
      const connection = await connect(parseDatabaseUrl(database.url));
      try {
        const raw = connection.db as unknown as Kysely<unknown>;
        const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
        await authz.migrate({ roles });
        const previous = migrationBefore(CELLS);
        await migrateApp(raw, { upTo: previous });

        const owner = await authz.createUser({ username: 'owner' });
        const colleague = await authz.createUser({ username: 'colleague' });
        await authz.addMember((await authz.findGroupByName('Contributor'))!.id, owner.id);
        const [massed, plain] = await createExperiments(authz, owner.id, [
          { title: 'LFP coin cells', activeMassMg: 12.5 },
          { title: 'no mass recorded' },
        ]);
        await authz.experiments.assign({ user: colleague.id }, 'batterydb.view_experiment', massed!.id);
        const files = [
          await oldFile(raw, massed!.id, 'coin-01.csv', 3),
          await oldFile(raw, massed!.id, 'coin-02.csv', 4),
          await oldFile(raw, plain!.id, 'pouch.csv', 2),
        ];
        const before = await counts(raw);
        const cyclesBefore = (
          await sql`select * from cycle_summary order by experiment_id, file_id, cycle`.execute(raw)
        ).rows;

        // Up to cells only: later migrations (sample blocks) change the sample tables, and have
        // their own upgrade test.
        const applied = await migrateApp(raw, { upTo: CELLS });
        assert.ok(applied.includes(CELLS), applied.join());
        assert.ok(!applied.includes(previous), 'the earlier migrations do not run again');

        assert.deepEqual(await counts(raw), before, 'no row lost or added');
        assert.deepEqual(
          (await sql`select * from cycle_summary order by experiment_id, file_id, cycle`.execute(raw)).rows,
          cyclesBefore,
          'stored cycles unchanged',
        );
        const cells = await findCells(connection.db, massed!.id);
        assert.deepEqual(
          cells.map((c) => [c.label, c.activeMassMg, c.files.map((f) => f.id)]),
          [
            ['coin-01', 12.5, [files[0]]],
            ['coin-02', 12.5, [files[1]]],
          ],
        );
        const other = await findCells(connection.db, plain!.id);
        assert.deepEqual(
          other.map((c) => [c.label, c.activeMassMg, c.files.map((f) => f.id)]),
          [['pouch', null, [files[2]]]],
        );
        const cycles = await findCellCycles(connection.db, massed!.id);
        assert.equal(cycles.length, 7);
        assert.ok(cycles.every((c) => c.cellCycle === c.cycle && c.cellId !== null));
        assert.equal(cycles[0]!.dischargeCapacityMahG, (cycles[0]!.dischargeCapacityAh * 1e6) / 12.5);
        assert.equal(
          await authz.experiments.hasPerm(colleague.id, 'batterydb.view_experiment', massed!.id),
          true,
          'the grant still decides',
        );
        await migrateApp(raw);
        assert.deepEqual(await migrateApp(raw), [], 'and the next start is quiet');
      } finally {
        await connection.close();
        await database.drop();
      }
    });
  });
