/**
 * Every layout of fixtures/cyclers goes through the HTTP upload on every dialect: the import and
 * the file name the detected format and say the capacities came from the cycler, and the stored
 * cycles' count and every cycle's charge and discharge capacity equal the file's own figures
 * (read from its columns by test/support, independently of the importer).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { FIXTURE_FILES, fixture } from '../support/fixture-cyclers.ts';
import { dataServer, type DataServer, upload } from './support/data-server.ts';

interface Cycle {
  cycle: number;
  chargeCapacityAh: number;
  dischargeCapacityAh: number;
}

for (const dialect of DIALECTS) {
  describe(`importing the fixture cycler files over HTTP (${dialect})`, () => {
    let server: DataServer;
    before(async () => (server = await dataServer(dialect)));
    after(() => server.close());

    for (const [file, expected] of Object.entries(FIXTURE_FILES)) {
      test(`${file}: ${expected.format}, capacities from the cycler, as the file reports them`, async () => {
        const experimentId = await server.experiment({ title: file });
        const response = await upload(
          server,
          'owner',
          experimentId,
          path.basename(file),
          readFileSync(fixture(file)),
        );
        assert.equal(response.statusCode, 201, response.body);
        const body = response.json<{
          import: { id: number; status: string; format: string; capacitySource: string };
          file: { format: string; points: number; capacitySource: string };
        }>();
        assert.equal(body.import.status, 'done');
        assert.equal(body.import.format, expected.format);
        assert.equal(body.import.capacitySource, 'cycler');
        assert.equal(body.file.format, expected.format);
        assert.equal(body.file.capacitySource, 'cycler');
        assert.equal(body.file.points, expected.points);

        const record = (
          await server.as('owner', { method: 'GET', url: `/api/imports/${body.import.id}` })
        ).json<{ format: string; capacitySource: string }>();
        assert.equal(record.format, expected.format);
        assert.equal(record.capacitySource, 'cycler');

        const cycles = (
          await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/cycles` })
        ).json<{ items: Cycle[] }>().items;
        const own = await expected.own();
        const ownCycles = [...own.keys()].sort((a, b) => a - b);
        assert.equal(cycles.length, ownCycles.length, 'cycle count');
        for (const cycle of ownCycles) {
          const stored = cycles.find((c) => c.cycle === cycle);
          const [charge, discharge] = own.get(cycle)!;
          for (const [what, ours, theirs] of [
            ['Qchg', stored?.chargeCapacityAh ?? NaN, charge],
            ['Qdis', stored?.dischargeCapacityAh ?? NaN, discharge],
          ] as const) {
            assert.ok(
              Math.abs(ours - theirs) <= expected.tolerance,
              `${what} of cycle ${cycle}: the file says ${theirs} Ah, we stored ${ours} Ah`,
            );
          }
        }
      });
    }

    test('the OpenAPI document describes capacitySource on imports and files', async () => {
      const doc = JSON.stringify(
        (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json(),
      );
      // Swagger turns TypeBox's literals into one-value enums.
      const described = doc.match(
        /"capacitySource":\{"anyOf":\[\{"description":"[^"]*","anyOf":\[\{"type":"string","enum":\["cycler"\]\},\{"type":"string","enum":\["integrated"\]\}\]\},\{"type":"null"\}\]\}/g,
      );
      // The file and the import schemas (the upload's answer carries both).
      assert.ok((described ?? []).length >= 2, 'capacitySource is described with its two values');
    });

    test('a file without capacity columns says its capacities were integrated', async () => {
      const experimentId = await server.experiment({ title: 'integrated' });
      const csv =
        'test_time_second,voltage_volt,current_ampere\n' +
        Array.from({ length: 50 }, (_, i) => `${i * 60},${3 + i / 100},${i < 25 ? 1 : -1}`).join('\n') +
        '\n';
      const response = await upload(server, 'owner', experimentId, 'plain.csv', Buffer.from(csv));
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json<{ import: { capacitySource: string }; file: { capacitySource: string } }>();
      assert.equal(body.import.capacitySource, 'integrated');
      assert.equal(body.file.capacitySource, 'integrated');
    });
  });
}
