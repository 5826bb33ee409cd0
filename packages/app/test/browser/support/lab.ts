import { createReadStream } from 'node:fs';
import { sql } from 'kysely';
import { createExperiments } from '../../../src/experiments/create-experiments.ts';
import { runImport } from '../../../src/imports/run-import.ts';
import { fixture } from '../../support/fixture-cyclers.ts';
import type { Person, Site } from './site.ts';

/** One experiment of the lab: who owns it, what it is, its real cycler file, whether it is public. */
interface LabExperiment {
  owner: Person;
  file: string;
  public: boolean;
  fields: Record<string, unknown> & { title: string };
  /** Shared with these people (view). */
  sharedWith?: Person[];
}

/**
 * What a small lab's BatteryDB holds before the scenarios start, so that lists, plots and the
 * screenshots look like a lab's: real cycler files shipped in fixtures/cyclers (so CI has them
 * too), two owners, public and private experiments, one private experiment shared with a
 * colleague. Titles say only what the files' sources say (fixtures/cyclers/README.md).
 */
export const LAB: LabExperiment[] = [
  {
    owner: 'colin',
    file: 'arbin/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx',
    public: true,
    fields: {
      title: 'Graphite vs Li half-cell at 50 µA, 50 mV–1 V',
      cathodeMaterial: 'graphite',
      anodeMaterial: 'lithium metal',
      cycler: 'Arbin',
      startDate: '2019-10-20',
      tags: ['half-cell', 'graphite'],
    },
  },
  {
    owner: 'carla',
    file: 'neware/nw_regular_export_ife_example.csv',
    public: true,
    fields: {
      title: 'Neware BTS 8 cell — 20 cycles',
      cycler: 'Neware BTS 8',
      startDate: '2026-03-06',
      tags: ['ageing'],
    },
  },
  {
    owner: 'carla',
    file: 'lanhe/custom_data_002.xlsx',
    public: false,
    fields: {
      title: 'Coin cell with fade — 14 cycles',
      cellFormat: 'coin',
      cycler: 'LANHE CT2001',
      startDate: '2021-02-25',
      tags: ['fade'],
    },
  },
  {
    owner: 'colin',
    file: 'neware/nw4-120-6-1-36.ndax',
    public: false,
    sharedWith: ['carla'],
    fields: {
      title: 'Commercial cell 009 — five cycles',
      cycler: 'Neware BTS 8',
      startDate: '2025-02-06',
      tags: ['commercial'],
    },
  },
  {
    owner: 'colin',
    file: 'maccor/maccor_002.txt',
    public: true,
    fields: {
      title: 'SIMBA Na-ion capacity test',
      chemistry: 'Na-ion',
      cycler: 'Maccor',
      startDate: '2021-05-11',
      tags: ['sodium-ion'],
    },
  },
];

/** Imports the lab through the same pipeline as an upload; returns each title's id. */
export async function seedLab(site: Site): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const item of LAB) {
    const [row] = await createExperiments(site.authz, site.ids[item.owner], [item.fields]);
    const id = Number(row!.id);
    const result = await runImport(site.connection, {
      experimentId: id,
      userId: site.ids[item.owner],
      fileName: item.file.split('/').pop()!,
      input: createReadStream(fixture(item.file)) as AsyncIterable<Buffer>,
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    if (!result.ok) throw new Error(`${item.file} did not import: ${result.error.message}`);
    for (const person of item.sharedWith ?? [])
      await site.authz.experiments.assign({ user: site.ids[person] }, 'batterydb.view_experiment', id);
    if (item.public) await site.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
    ids.set(item.fields.title, id);
  }
  return ids;
}
