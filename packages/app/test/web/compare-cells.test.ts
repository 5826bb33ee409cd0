/**
 * Compare across cells (issue 20 part 4) over HTTP on every dialect, with real cycler files of
 * shared/data/cyclers: every figure the compare page's tables show — discharge capacity,
 * normalised capacity, mAh/g ("no mass" where a cell has none), coulombic efficiency, discharge
 * energy — equals the file's own per-cycle column to the digits shown, and the Export CSV to
 * the last bit the file gives; an experiment the viewer may not see makes page and CSV 404.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { CYCLER_DATA, HAVE_CYCLER_DATA, withoutCyclerData } from '../../../../test-support/cycler-data.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';
import {
  arbinCsvFigures,
  batterydataSummaryFigures,
  maccorStepFigures,
  type OwnFigures,
} from '../support/shared-own-figures.ts';

interface Compared {
  experiment: 'a' | 'b';
  file: string;
  label: string;
  massMg: number | null;
  own: () => OwnFigures;
}

/** Two experiments, three cells: an Arbin LFP 18650 and a Maccor cell, and a Battery Data Hub pouch with its mass. */
const CELLS: Compared[] = [
  {
    experiment: 'a',
    file: 'arbin/arbin_example.csv',
    label: 'LFP-18650',
    massMg: null,
    own: () => arbinCsvFigures('arbin/arbin_example.csv'),
  },
  {
    experiment: 'a',
    file: 'maccor/xTESLADIAG_000038con.078',
    label: 'TESLA-diag',
    massMg: null,
    own: () => maccorStepFigures('maccor/xTESLADIAG_000038con.078'),
  },
  {
    experiment: 'b',
    file: 'batterydata/p492-13-summary.csv',
    label: 'p492-13',
    massMg: 95.3,
    own: () => batterydataSummaryFigures('batterydata/p492-13-summary.csv'),
  },
];

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .trim();

/** The page's per-cycle table of each cell: its heading's label and its rows' cell texts. */
function pageTables(html: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const part of html.split('<div class="cell-cycles">').slice(1)) {
    const heading = text(/<h3[^>]*>([\s\S]*?)<span/.exec(part)?.[1] ?? '');
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(part)?.[1] ?? '';
    const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!)),
    );
    tables.set(heading, rows);
  }
  return tables;
}

/** A shown number equals `expected` to the digits shown (half a unit of its last decimal). */
function shows(shown: string, expected: number, what: string): void {
  const number = /-?[\d,]*\.?\d+/.exec(shown)?.[0];
  assert.ok(number !== undefined, `${what}: no number in "${shown}"`);
  const decimals = number.includes('.') ? number.split('.')[1]!.length : 0;
  const value = Number(number.replace(/,/g, ''));
  assert.ok(
    Math.abs(value - expected) <= 0.5 * 10 ** -decimals * (1 + 1e-9),
    `${what}: shows ${shown}, the file says ${expected}`,
  );
}

/** The unit a column of Ah (or Wh) reads in: m… below 1. */
const scale = (values: number[]) => (Math.max(...values) < 1 ? 1000 : 1);

if (!HAVE_CYCLER_DATA) {
  withoutCyclerData('compare across cells with the real cycler files');
} else {
  for (const dialect of DIALECTS)
    describe(`compare across cells (${dialect})`, () => {
      let server: DataServer;
      const ids = { a: 0, b: 0 };
      const cellIds: number[] = [];

      before(async () => {
        server = await dataServer(dialect);
        ids.a = await server.experiment({ title: 'Arbin and Maccor cells' });
        ids.b = await server.experiment({ title: 'Pouch p492' });
        for (const c of CELLS) {
          const experimentId = ids[c.experiment];
          const bytes = readFileSync(path.join(CYCLER_DATA, c.file));
          const response = await upload(server, 'owner', experimentId, path.basename(c.file), bytes);
          assert.equal(response.statusCode, 201, response.body);
          const cells = (
            await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/cells` })
          ).json<{ items: { id: number; files: { fileName: string }[] }[] }>().items;
          const cell = cells.find((one) => one.files.some((f) => f.fileName === path.basename(c.file)))!;
          cellIds.push(cell.id);
          const patched = await server.as('owner', {
            method: 'PATCH',
            url: `/api/experiments/${experimentId}/cells/${cell.id}`,
            payload: { label: c.label, activeMassMg: c.massMg },
          });
          assert.equal(patched.statusCode, 200, patched.body);
        }
      });
      after(() => server?.close());

      for (const reference of [null, 2])
        test(`every figure of the tables is the file's own${reference ? ', normalised to cycle 2' : ''}`, async () => {
          const response = await server.as('owner', {
            method: 'GET',
            url: `/compare?id=${ids.a}&id=${ids.b}${reference ? `&ref=${reference}` : ''}`,
          });
          assert.equal(response.statusCode, 200, response.body.slice(0, 300));
          assert.match(response.body, /3 cells of 2 experiments/);
          const tables = pageTables(response.body);
          const title = { a: 'Arbin and Maccor cells', b: 'Pouch p492' };
          assert.deepEqual(
            [...tables.keys()],
            CELLS.map((c) => `${title[c.experiment]} · ${c.label}`),
            'each cell its own table, "experiment · cell", in the order compared',
          );
          for (const c of CELLS) {
            const own = c.own();
            const rows = tables.get(`${title[c.experiment]} · ${c.label}`)!;
            assert.deepEqual(
              rows.map((r) => Number(r[0])),
              [...own.keys()],
              `${c.file}: the file's cycles`,
            );
            const cycles = [...own.values()];
            const capacityScale = scale(cycles.map((y) => y.discharge));
            const energyScale = scale(cycles.map((y) => y.dischargeEnergy));
            const base =
              reference === null
                ? cycles.find((y) => y.discharge > 0)!.discharge
                : own.get(reference)!.discharge;
            for (const [cycle, figures] of own) {
              const [, discharge, normalised, specific, ce, energy] = rows.find(
                (r) => Number(r[0]) === cycle,
              )!;
              const what = `${c.file} cycle ${cycle}`;
              shows(discharge!, figures.discharge * capacityScale, `${what} discharge`);
              assert.match(discharge!, capacityScale === 1000 ? / mAh$/ : / Ah$/);
              if (base > 0) shows(normalised!, (figures.discharge / base) * 100, `${what} normalised`);
              if (c.massMg === null) assert.equal(specific, 'no mass', `${what}: no mass, not a wrong mAh/g`);
              else shows(specific!, (figures.discharge * 1e6) / c.massMg, `${what} mAh/g`);
              if (figures.charge > 0 && figures.discharge > 0)
                shows(ce!, (figures.discharge / figures.charge) * 100, `${what} CE`);
              shows(energy!, figures.dischargeEnergy * energyScale, `${what} energy`);
            }
          }
        });

      test('the Export CSV: each compared cell’s cycles, led by experiment and cell, the file’s figures', async () => {
        const response = await server.as('owner', {
          method: 'GET',
          url: `/api/compare/cycles?id=${ids.a}&id=${ids.b}&format=csv`,
        });
        assert.equal(response.statusCode, 200, response.body.slice(0, 300));
        assert.match(String(response.headers['content-type']), /^text\/csv/);
        assert.match(String(response.headers['content-disposition']), /^attachment;/);
        const [header, ...lines] = response.body.trimEnd().split('\r\n');
        const names = header!.split(',');
        assert.deepEqual(names.slice(0, 5), [
          'experiment_id',
          'experiment_title',
          'cell_id',
          'cell_label',
          'file_id',
        ]);
        const col = (name: string) => names.indexOf(name);
        const rows = lines.map((l) => l.split(','));
        for (const [i, c] of CELLS.entries()) {
          const mine = rows.filter((r) => Number(r[col('cell_id')]) === cellIds[i]);
          const own = c.own();
          assert.equal(mine.length, own.size, c.file);
          for (const r of mine) {
            assert.equal(Number(r[col('experiment_id')]), ids[c.experiment]);
            assert.equal(r[col('cell_label')], c.label);
            const figures = own.get(Number(r[col('cycle')]))!;
            const near = (actual: string | undefined, expected: number, what: string) =>
              assert.ok(
                Math.abs(Number(actual) - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
                `${c.file} cycle ${r[col('cycle')]} ${what}: ${actual} vs ${expected}`,
              );
            near(r[col('discharge_capacity_Ah')], figures.discharge, 'discharge');
            near(r[col('discharge_energy_Wh')], figures.dischargeEnergy, 'energy');
            if (c.massMg === null) assert.equal(r[col('discharge_capacity_mAh_g')], '');
            else near(r[col('discharge_capacity_mAh_g')], (figures.discharge * 1e6) / c.massMg, 'mAh/g');
          }
        }
      });

      test('an experiment the viewer may not see: the page and the CSV are not found, not a subset', async () => {
        await server.as('owner', {
          method: 'POST',
          url: `/api/experiments/${ids.b}/grants`,
          payload: { user: server.userIds.reader, permissions: ['batterydb.view_experiment'] },
        });
        const page = await server.as('reader', { method: 'GET', url: `/compare?id=${ids.b}&id=${ids.a}` });
        assert.equal(page.statusCode, 404);
        const csv = await server.as('reader', {
          method: 'GET',
          url: `/api/compare/cycles?id=${ids.b}&id=${ids.a}&format=csv`,
        });
        assert.equal(csv.statusCode, 404);
        const own = await server.as('reader', { method: 'GET', url: `/compare?id=${ids.b}` });
        assert.equal(own.statusCode, 200, 'the experiment shared with the reader alone compares');
        assert.match(own.body, /1 cell of 1 experiment/);
      });

      test('bad input is refused with the field named', async () => {
        for (const [url, field] of [
          ['/compare', 'id'],
          [`/compare?id=${ids.a}&ref=first`, 'ref'],
          [`/compare?id=${ids.a}&quantity=voltage`, 'quantity'],
          ['/api/compare/cycles?format=csv', 'id'],
          [`/api/compare/cycles?id=${ids.a}&format=xlsx`, 'format'],
        ] as const) {
          const response = await server.as('owner', { method: 'GET', url });
          assert.equal(response.statusCode, 400, url);
          assert.match(response.body, new RegExp(field, 'i'), url);
        }
      });
    });
}
