/**
 * The fast CSV export (issue 25) writes, byte for byte, the text the plain formatter wrote
 * before it: every real cycler file of fixtures/cyclers and of the cycler data beside the
 * repository (CYCLER_DATA, when it is there) imported into one experiment, exported whole and
 * file by file, equals the lines built here from the same decoded samples with `String(value)`
 * and an empty cell for NULL — on every dialect.
 */
import assert from 'node:assert/strict';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CYCLER_DATA, HAVE_CYCLER_DATA, withoutCyclerData } from '../../../../test-support/cycler-data.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { CSV_COLUMNS, CSV_HEADER, exportCsv } from '../../src/measurements/export-csv.ts';
import { readFilteredBlocks } from '../../src/measurements/read-points.ts';
import { type BlockColumn, valueAt } from '../../src/measurements/sample-codec.ts';
import { fixture, FIXTURE_FILES } from '../support/fixture-cyclers.ts';

const within = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? within(file) : [file];
  });

/** Each file with the samples it holds (the fixtures' stated counts; null: whatever it imports). */
const FILES: [string, number | null][] = [
  ...Object.entries(FIXTURE_FILES)
    .filter(([, expected]) => expected.points > 0)
    .map(([file, expected]): [string, number] => [fixture(file), expected.points]),
  ...(HAVE_CYCLER_DATA ? within(CYCLER_DATA).filter((f) => !f.endsWith('.md')) : []).map(
    (file): [string, null] => [file, null],
  ),
];
if (!HAVE_CYCLER_DATA)
  withoutCyclerData('the CSV export text of the real cycler files beside the repository');

async function exported(connection: Connection, filter: { experimentId: number; fileId?: number }) {
  const chunks: Buffer[] = [];
  for await (const chunk of exportCsv(connection.db, filter)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('latin1');
}

/** The export as the plain formatter wrote it: `String()` of each decoded value, a line per sample. */
async function plain(connection: Connection, filter: { experimentId: number; fileId?: number }) {
  const columns = CSV_COLUMNS.map(([, column]) => column).filter((c) => c !== 'file_id') as BlockColumn[];
  const lines = [CSV_HEADER.join(',')];
  for await (const { fileId, read } of readFilteredBlocks(connection.db, filter))
    for (let i = 0; i < read.count; i++) {
      const cells = columns.map((c) => valueAt(read.block.columns[c], i));
      lines.push([...cells.map((v) => (v === null ? '' : String(v))), fileId].join(','));
    }
  return { text: `${lines.join('\r\n')}\r\n`, samples: lines.length - 1 };
}

for (const dialect of DIALECTS)
  describe(`CSV export text of the real cycler files (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    let experimentId: number;
    const imported: { file: string; fileId: number; points: number }[] = [];
    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url));
      const authz = createAppAuthz(connection.db);
      await authz.migrateAll();
      const user = await authz.createUser({ username: 'scientist', isSuperuser: true });
      const [experiment] = await createExperiments(authz, user.id, [{ title: 'every cycler' }]);
      experimentId = Number(experiment!.id);
      for (const [file, points] of FILES) {
        const result = await runImport(connection, {
          experimentId,
          userId: user.id,
          fileName: path.basename(file),
          input: createReadStream(file),
          maxBytes: Number.MAX_SAFE_INTEGER,
          allowDuplicate: true,
        });
        assert.ok(result.ok, `${file}: ${result.ok ? '' : result.error.message}`);
        assert.ok(points === null || result.file.points === points, file);
        imported.push({ file, fileId: result.file.fileId, points: result.file.points });
      }
    });
    after(async () => {
      await connection.close();
      await database.drop();
    });

    test('the whole experiment: every sample of every file, as String() writes it', async () => {
      const expected = await plain(connection, { experimentId });
      assert.equal(
        expected.samples,
        imported.reduce((sum, f) => sum + f.points, 0),
      );
      assert.equal(await exported(connection, { experimentId }), expected.text);
    });

    test('each file alone, as String() writes it', async () => {
      for (const { file, fileId, points } of imported) {
        const expected = await plain(connection, { experimentId, fileId });
        assert.equal(expected.samples, points, file);
        assert.equal(await exported(connection, { experimentId, fileId }), expected.text, file);
      }
    });
  });
