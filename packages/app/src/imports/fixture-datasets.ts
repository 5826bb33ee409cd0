import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { type DemoDataset, siliconHalfCell } from './demo-datasets.ts';

/**
 * Real cycler files that ship with the repository (fixtures/cyclers, README there: sources and
 * licences), so that a fresh clone's `batterydb demo` shows real data without ../shared.
 */
const FIXTURE_SETS: {
  file: string;
  public: boolean;
  cell: DemoDataset['cell'];
  experiment: DemoDataset['experiment'];
}[] = [
  {
    file: 'neware/nw_regular_export_ife_example.csv',
    public: true,
    cell: siliconHalfCell('silicon-graphite composite', 6.5, 0.1),
    experiment: {
      title: 'Neware BTS 8 — 20 cycles, three-level CSV export',
      description: 'Source: jepegit/cellpy, testdata/data/nw_regular_export_ife_example.csv (MIT).',
      cycler: 'Neware BTS 8',
      startDate: '2026-03-06',
      tags: ['neware', 'fixture'],
    },
  },
  {
    file: 'lanhe/custom_data_002.xlsx',
    public: true,
    cell: siliconHalfCell('silicon', 1.2, 0.1),
    experiment: {
      title: 'LANHE coin cell — 14 cycles with fade (.xlsx export)',
      description: 'Source: jepegit/cellpy, testdata/data/custom_data_002.xlsx (MIT).',
      cellFormat: 'coin',
      cycler: 'LANHE CT2001',
      startDate: '2021-02-25',
      tags: ['lanhe', 'fade', 'fixture'],
    },
  },
  {
    file: 'neware/nw4-120-6-1-36.ndax',
    public: false,
    cell: {
      cathodeMaterial: 'NMC622',
      anodeMaterial: 'graphite',
      electrolyte: '1 M LiPF6 in EC:EMC (commercial blend)',
      activeMassMg: 14000,
      electrodeAreaCm2: 850,
      chargeCRate: 0.5,
      dischargeCRate: 1,
      voltageMinV: 2.75,
      voltageMaxV: 4.2,
      temperatureC: 25,
    },
    experiment: {
      title: 'Commercial cell 009 — five cycles (Neware .ndax)',
      description:
        'Source: EmpaEconversion/aurora-cycler-manager, tests/test_data/local_snapshots/neware_snapshots/' +
        'nw4-120-6-1-36.ndax (MIT, © 2024 Graham Kimbell).',
      cycler: 'Neware BTS 8',
      startDate: '2025-02-06',
      tags: ['neware', 'fixture'],
    },
  },
  {
    file: 'maccor/maccor_002.txt',
    public: false,
    cell: {
      cathodeMaterial: 'Prussian white (Na2Fe[Fe(CN)6])',
      anodeMaterial: 'hard carbon',
      electrolyte: '1 M NaPF6 in EC:DEC 1:1',
      activeMassMg: 15,
      electrodeAreaCm2: 1.54,
      chargeCRate: 0.1,
      dischargeCRate: 0.1,
      voltageMinV: 1.0,
      voltageMaxV: 4.0,
      temperatureC: 25,
    },
    experiment: {
      title: 'SIMBA Na-ion capacity test (Maccor MIMS export)',
      description: 'Source: jepegit/cellpy, testdata/data/maccor_002.txt (MIT).',
      cycler: 'Maccor #4',
      startDate: '2021-05-11',
      tags: ['maccor', 'sodium-ion', 'fixture'],
    },
  },
];

/** True when `dir` holds the shipped fixtures (their README is the marker). */
export function haveFixtureFiles(dir: string): boolean {
  return existsSync(path.join(dir, 'README.md'));
}

export function fixtureDatasets(dir: string): DemoDataset[] {
  return FIXTURE_SETS.map((d) => ({
    experiment: d.experiment,
    public: d.public,
    cell: d.cell,
    files: [
      {
        name: path.basename(d.file),
        open: () => createReadStream(path.join(dir, d.file)) as AsyncIterable<Buffer>,
      },
    ],
  }));
}
