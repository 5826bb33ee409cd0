/**
 * Issue 20: cells. Three replicate coin cells (real Neware files) of different masses: each its
 * own cell, mAh/g from its own mass, per-cycle values equal to the file's own; a formation file
 * and a cycling file in one cell continue its cycle numbers; cells follow the experiment's
 * permissions (404 invisible, 403 visible but not allowed) and refuse bad input naming the field.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';
import { fixture } from '../support/fixture-cyclers.ts';

const FILES = ['neware/navani_test.ndax', 'neware/nw4-120-6-1-36.ndax', 'neware/navani_test.nda'];
const MASSES = [12.5, 9.8, 14.1];

interface Cell {
  id: number;
  label: string;
  activeMassMg: number | null;
  loadingMgCm2: number | null;
  loadingDerived: boolean;
  cathodeMaterial: string;
  inherited: string[];
  files: { id: number; position: number; cycleOffset: number; firstCellCycle: number | null }[];
  cycles: number;
}
interface Cycle {
  fileId: number;
  cycle: number;
  cellId: number | null;
  cellCycle: number;
  dischargeCapacityAh: number;
  dischargeCapacityMahG: number | null;
}

for (const dialect of DIALECTS)
  describe(`cells of an experiment (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    const fileIds: number[] = [];
    const json = (
      caller: 'owner' | 'reader' | 'contributor',
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: object,
    ) => server.as(caller, { method, url, ...(payload ? { payload } : {}) });
    const cells = async () =>
      (await json('owner', 'GET', `/api/experiments/${experimentId}/cells`)).json<{ items: Cell[] }>().items;

    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment({
        title: 'LFP replicates',
        cathodeMaterial: 'LFP',
        activeMassMg: 10,
      });
      for (const file of FILES) {
        const made = await upload(
          server,
          'owner',
          experimentId,
          file.split('/')[1]!,
          readFileSync(fixture(file)),
        );
        assert.equal(made.statusCode, 201, made.body);
        fileIds.push(made.json<{ file: { id: number; cellId: number } }>().file.id);
      }
    });
    after(() => server.close());

    test('each upload without a cell makes a cell named after its file, with the experiment’s materials', async () => {
      const items = await cells();
      assert.deepEqual(
        items.map((c) => c.label),
        ['navani_test', 'nw4-120-6-1-36', 'navani_test'],
      );
      assert.deepEqual(
        items.map((c) => c.files.map((f) => f.id)),
        fileIds.map((id) => [id]),
      );
      assert.ok(items.every((c) => c.cathodeMaterial === 'LFP' && c.inherited.includes('cathodeMaterial')));
      assert.ok(
        items.every((c) => c.activeMassMg === 10),
        'a new cell starts with the experiment’s mass',
      );
    });

    test('three replicates of different masses: mAh/g from each cell’s own mass, Ah equal to the file’s', async () => {
      const items = await cells();
      for (const [i, cell] of items.entries()) {
        const patched = await json('owner', 'PATCH', `/api/experiments/${experimentId}/cells/${cell.id}`, {
          activeMassMg: MASSES[i],
          electrodeAreaCm2: 1.54,
          chargeCRate: 0.1,
          dischargeCRate: 0.1,
          voltageMinV: 2.5,
          voltageMaxV: 4.2,
        });
        assert.equal(patched.statusCode, 200, patched.body);
        const body = patched.json<Cell>();
        assert.equal(body.activeMassMg, MASSES[i]);
        assert.ok(body.loadingDerived && Math.abs(body.loadingMgCm2! - MASSES[i]! / 1.54) < 1e-12);
      }
      const perFile = (await json('owner', 'GET', `/api/experiments/${experimentId}/cycles`)).json<{
        items: Cycle[];
      }>().items;
      for (const [i, cell] of items.entries()) {
        const { items: own } = (
          await json('owner', 'GET', `/api/experiments/${experimentId}/cells/${cell.id}/cycles`)
        ).json<{ items: Cycle[] }>();
        const file = perFile.filter((c) => c.fileId === fileIds[i]);
        assert.ok(own.length > 0 && own.length === file.length);
        for (const [k, c] of own.entries()) {
          assert.equal(c.dischargeCapacityAh, file[k]!.dischargeCapacityAh, 'the file’s own figure');
          assert.equal(c.cellCycle, c.cycle, 'one file: the file’s own numbers');
          assert.equal(c.dischargeCapacityMahG, (c.dischargeCapacityAh * 1e6) / MASSES[i]!);
        }
      }
    });

    test('a formation file then a cycling file in one cell: the cycles continue, the values stay the file’s', async () => {
      const [first, second] = await cells();
      const moved = await json('owner', 'PATCH', `/api/experiments/${experimentId}/files/${fileIds[1]}`, {
        cellId: first!.id,
      });
      assert.equal(moved.statusCode, 200, moved.body);
      const cell = (await cells()).find((c) => c.id === first!.id)!;
      assert.deepEqual(
        cell.files.map((f) => f.id),
        [fileIds[0], fileIds[1]],
      );
      const { items } = (
        await json('owner', 'GET', `/api/experiments/${experimentId}/cells/${cell.id}/cycles`)
      ).json<{ items: Cycle[] }>();
      const formation = items.filter((c) => c.fileId === fileIds[0]);
      const cycling = items.filter((c) => c.fileId === fileIds[1]);
      assert.equal(cycling[0]!.cellCycle, formation.at(-1)!.cellCycle + 1, 'the boundary: numbering goes on');
      assert.deepEqual(
        items.map((c) => c.cellCycle),
        items.map((_, i) => items[0]!.cellCycle + i),
        'no gap, no repeat',
      );
      assert.equal(cell.files[1]!.firstCellCycle, cycling[0]!.cellCycle);
      // The emptied cell can go; a cell with files cannot (409), and nothing of its data is lost.
      assert.equal(
        (await json('owner', 'DELETE', `/api/experiments/${experimentId}/cells/${first!.id}`)).statusCode,
        409,
      );
      assert.equal(
        (await json('owner', 'DELETE', `/api/experiments/${experimentId}/cells/${second!.id}`)).statusCode,
        204,
      );
      // Moved back to a new cell, first among its files.
      const made = await json('owner', 'POST', `/api/experiments/${experimentId}/cells`, {
        label: 'B-02',
        activeMassMg: 9.8,
      });
      assert.equal(made.statusCode, 201, made.body);
      const back = await json('owner', 'PATCH', `/api/experiments/${experimentId}/files/${fileIds[1]}`, {
        cellId: made.json<Cell>().id,
        position: 1,
      });
      assert.equal(back.statusCode, 200, back.body);
    });

    test('an upload into a chosen cell goes after its files; a cell of another experiment is not found', async () => {
      const [cell] = await cells();
      const other = await server.experiment({ title: 'another' });
      const elsewhere = await upload(server, 'owner', other, 'x.ndax', readFileSync(fixture(FILES[0]!)), {
        cellId: cell!.id,
      });
      assert.equal(elsewhere.statusCode, 404, elsewhere.body);
      assert.equal(elsewhere.json<{ field: string }>().field, 'cellId');
      const into = await upload(
        server,
        'owner',
        experimentId,
        'again.ndax',
        readFileSync(fixture(FILES[0]!)),
        {
          cellId: cell!.id,
          allowDuplicate: true,
        },
      );
      assert.equal(into.statusCode, 201, into.body);
      const after = (await cells()).find((c) => c.id === cell!.id)!;
      assert.equal(after.files.at(-1)!.id, into.json<{ file: { id: number } }>().file.id);
      assert.equal(after.files.at(-1)!.position, after.files.length);
    });

    test('bad input names its field', async () => {
      const [cell] = await cells();
      const url = `/api/experiments/${experimentId}/cells/${cell!.id}`;
      for (const [body, field] of [
        [{ activeMassMg: 0 }, 'activeMassMg'],
        [{ voltageMinV: 4.3, voltageMaxV: 2.5 }, 'voltageMaxV'],
        [{ label: '' }, 'label'],
        [{ owner: 1 }, 'owner'],
      ] as const) {
        const response = await json('owner', 'PATCH', url, body);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(response.body, new RegExp(field));
      }
    });

    test('cells follow the experiment: 404 where it is invisible, 403 where it is visible but not changeable', async () => {
      const [cell] = await cells();
      const routes = [
        ['GET', `/api/experiments/${experimentId}/cells`],
        ['GET', `/api/experiments/${experimentId}/cells/${cell!.id}`],
        ['GET', `/api/experiments/${experimentId}/cells/${cell!.id}/cycles`],
        ['POST', `/api/experiments/${experimentId}/cells`, { label: 'x' }],
        ['PATCH', `/api/experiments/${experimentId}/cells/${cell!.id}`, { label: 'x' }],
        ['DELETE', `/api/experiments/${experimentId}/cells/${cell!.id}`],
        ['PATCH', `/api/experiments/${experimentId}/files/${fileIds[0]}`, { cellId: cell!.id }],
      ] as const;
      for (const [method, url, body] of routes) {
        const response = await json('contributor', method, url, body);
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      }
      const open = await server.experiment({ title: 'published', status: 'public' });
      const made = await server.as('maintainer', {
        method: 'POST',
        url: `/api/experiments/${open}/cells`,
        payload: { label: 'public cell' },
      });
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json<Cell>().id;
      assert.equal((await json('reader', 'GET', `/api/experiments/${open}/cells/${id}`)).statusCode, 200);
      for (const [method, url, body] of [
        ['PATCH', `/api/experiments/${open}/cells/${id}`, { label: 'y' }],
        ['DELETE', `/api/experiments/${open}/cells/${id}`, undefined],
        ['POST', `/api/experiments/${open}/cells`, { label: 'z' }],
      ] as const) {
        const response = await json('reader', method, url, body);
        assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
      }
      // A cell id of another experiment is not found through this one.
      assert.equal(
        (await json('owner', 'GET', `/api/experiments/${experimentId}/cells/${id}`)).statusCode,
        404,
      );
    });
  });
