import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { syntheticCyclerCsvChunks, type SyntheticCyclerOptions } from '../cycler/index.ts';

/** One demo experiment: its fields, whether it is published, and the files imported into it. */
export interface DemoDataset {
  experiment: Record<string, unknown> & { title: string };
  public: boolean;
  /**
   * The fields every file's cell gets (the cells API's names): materials, electrolyte, active
   * mass, electrode area, C-rates, voltage window and temperature, as the lab would record them.
   */
  cell: Record<string, unknown>;
  files: { name: string; open: () => AsyncIterable<Buffer> }[];
}

/** A silicon working electrode against lithium in a 12 mm coin cell, the usual FEC electrolyte. */
export function siliconHalfCell(
  cathodeMaterial: string,
  activeMassMg: number,
  cRate: number,
): DemoDataset['cell'] {
  return {
    cathodeMaterial,
    anodeMaterial: 'lithium metal',
    electrolyte: '1 M LiPF6 in EC:DEC 1:1 + 10 wt% FEC',
    activeMassMg,
    electrodeAreaCm2: 1.13,
    chargeCRate: cRate,
    dischargeCRate: cRate,
    voltageMinV: 0.05,
    voltageMaxV: 1,
    temperatureC: 25,
  };
}

/** The real files of SOURCES.md (A1–A9), described as the lab would; sources and licences kept. */
const REAL: {
  files: string[];
  public: boolean;
  cell: DemoDataset['cell'];
  experiment: DemoDataset['experiment'];
}[] = [
  {
    files: ['arbin/arbin_example.csv'],
    public: true,
    cell: {
      cathodeMaterial: 'LiFePO4',
      anodeMaterial: 'graphite',
      electrolyte: '1 M LiPF6 in EC:DMC (commercial blend)',
      activeMassMg: 7300,
      electrodeAreaCm2: 750,
      chargeCRate: 4,
      dischargeCRate: 4,
      voltageMinV: 2.0,
      voltageMaxV: 3.6,
      temperatureC: 30,
    },
    experiment: {
      title: 'A123 LFP/graphite 18650 — fast-charge cycling (Severson et al. 2019 batch)',
      description: 'Source: ROVI-org/battery-data-toolkit, tests/files/arbin_example.csv (Apache-2.0).',
      chemistry: 'LFP',
      cathodeMaterial: 'LiFePO4',
      anodeMaterial: 'graphite',
      cellFormat: 'cylindrical 18650',
      nominalCapacityMah: 1100,
      temperatureC: 30,
      cycler: 'Arbin',
      startDate: '2017-07-02',
      tags: ['fast-charge', 'severson-2019'],
    },
  },
  {
    files: ['maccor/xTESLADIAG_000038con.078'],
    public: true,
    cell: {
      cathodeMaterial: 'NMC532',
      anodeMaterial: 'graphite',
      electrolyte: '1 M LiPF6 in EC:EMC (commercial blend)',
      activeMassMg: 12000,
      electrodeAreaCm2: 800,
      chargeCRate: 0.2,
      dischargeCRate: 0.2,
      voltageMinV: 2.7,
      voltageMaxV: 4.2,
      temperatureC: 25,
    },
    experiment: {
      title: 'Diagnostic protocol on Stanford loaner tester #2',
      description: 'Source: TRI-AMDD/beep, beep/tests/test_files/xTESLADIAG_000038con.078 (Apache-2.0).',
      cellFormat: 'cylindrical',
      cycler: 'Maccor Series 4000',
      startDate: '2019-08-15',
      tags: ['diagnostic', 'beep'],
    },
  },
  {
    files: ['biologic/Sample_data_biologic_CA1.txt'],
    public: false,
    cell: {
      cathodeMaterial: 'NMC811',
      anodeMaterial: 'graphite-SiOx',
      electrolyte: '1 M LiPF6 in EC:EMC (commercial blend)',
      activeMassMg: 24000,
      electrodeAreaCm2: 1027,
      chargeCRate: 0.3,
      dischargeCRate: 0.5,
      voltageMinV: 2.5,
      voltageMaxV: 4.2,
      temperatureC: 25,
    },
    experiment: {
      title: 'LG M50-class 21700 — constant-current discharge (BT-Lab, Modulo Bat)',
      description:
        'Source: ImperialCollegeLondon/PyProBE, tests/sample_data/biologic/Sample_data_biologic_CA1.txt ' +
        '(BSD-3-Clause, © 2024 Thomas Holland).',
      chemistry: 'NMC811',
      cathodeMaterial: 'NMC811',
      anodeMaterial: 'graphite-SiOx',
      cellFormat: 'cylindrical 21700',
      nominalCapacityMah: 4500,
      cycler: 'BioLogic BCS-815',
      startDate: '2024-05-13',
      tags: ['pyprobe'],
    },
  },
  {
    files: ['biologic/250116_kigr_gen6_01_02_GCPL_CD8.mpr'],
    public: false,
    cell: {
      cathodeMaterial: 'LiNi0.5Mn1.5O4',
      anodeMaterial: 'silicon-graphite',
      electrolyte: '1 M LiPF6 in EC:EMC 3:7 + 10 wt% FEC',
      activeMassMg: 17.233,
      electrodeAreaCm2: 1.54,
      chargeCRate: 0.1,
      dischargeCRate: 0.1,
      voltageMinV: 3.5,
      voltageMaxV: 4.9,
      temperatureC: 25,
    },
    experiment: {
      title: 'LNMO vs SiGr coin cell — GCPL formation',
      description:
        'Source: EmpaEconversion/aurora-cycler-manager, tests/test_data/…/250116_kigr_gen6_01_02_GCPL_CD8.mpr ' +
        '(MIT, © 2024 Graham Kimbell). 17.233 mg active mass; LiPF6 in EC:EMC:FEC.',
      chemistry: 'LNMO',
      cathodeMaterial: 'LiNi0.5Mn1.5O4',
      anodeMaterial: 'silicon-graphite',
      cellFormat: 'coin',
      activeMassMg: 17.233,
      cycler: 'BioLogic BCS-805',
      startDate: '2025-01-16',
      tags: ['formation'],
    },
  },
  {
    files: ['neware/neware_uio.csv'],
    public: true,
    cell: siliconHalfCell('silicon-graphite composite', 5.2, 0.2),
    experiment: {
      title: 'Coin half-cell, four cycles at ±1 mA',
      description: 'Source: jepegit/cellpy, testdata/data/neware_uio.csv (MIT).',
      cellFormat: 'coin',
      cycler: 'Neware BTSDA 8',
      startDate: '2022-05-18',
      tags: ['half-cell'],
    },
  },
  {
    files: ['neware/custom_data_003.xls'],
    public: false,
    cell: siliconHalfCell('silicon', 1.04497215, 0.1),
    experiment: {
      title: 'Coin half-cell with strong fade, 14 cycles',
      description: 'Source: jepegit/cellpy, testdata/data/custom_data_003.xls (MIT). 1.04497215 mg active.',
      cellFormat: 'coin',
      activeMassMg: 1.04497215,
      cycler: 'Neware BTS 7',
      startDate: '2021-05-20',
      tags: ['half-cell', 'fade'],
    },
  },
  {
    files: ['bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv'],
    public: true,
    cell: {
      cathodeMaterial: 'graphite',
      anodeMaterial: 'lithium metal',
      electrolyte: '1 M LiPF6 in EC:EMC 3:7',
      activeMassMg: 10,
      electrodeAreaCm2: 1.77,
      chargeCRate: 0.1,
      dischargeCRate: 0.1,
      voltageMinV: 0.005,
      voltageMaxV: 1.5,
      temperatureC: 25,
    },
    experiment: {
      title: 'SINTEF Li/graphite R2032 coin cell — first lithiation and delithiation',
      description:
        'Source: battery-data-alliance/battery-data-format, docs/examples/reference/' +
        'SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv (Apache-2.0).',
      cathodeMaterial: 'graphite',
      anodeMaterial: 'lithium metal',
      cellFormat: 'coin R2032',
      temperatureC: 25,
      cycler: 'Landt',
      startDate: '2024-04-30',
      tags: ['half-cell', 'bdf'],
    },
  },
  {
    files: ['batterydata/p492-13-raw.csv', 'batterydata/p492-13-summary.csv'],
    public: true,
    cell: {
      cathodeMaterial: 'NMC532',
      anodeMaterial: 'graphite',
      electrolyte: '1 M LiPF6 in EC:EMC 3:7',
      activeMassMg: 140,
      electrodeAreaCm2: 14,
      chargeCRate: 0.5,
      dischargeCRate: 0.5,
      voltageMinV: 3.0,
      voltageMaxV: 4.2,
      temperatureC: 30,
    },
    experiment: {
      title: 'Cell p492-13 — aging with capacity checks, HPPC and EIS (DOE Battery Data Hub)',
      description:
        'Source: ROVI-org/battery-data-toolkit, tests/files/batterydata/p492-13-{raw,summary}.csv (Apache-2.0). ' +
        'The raw file covers cycles 1–9, the summary all 267.',
      nominalCapacityMah: 22,
      startDate: '2020-01-02',
      tags: ['aging', 'battery-data-hub'],
    },
  },
];

/** A small generated run per dataset, for machines without the real files. */
const SYNTHETIC: {
  run: SyntheticCyclerOptions;
  public: boolean;
  cell: DemoDataset['cell'];
  experiment: DemoDataset['experiment'];
}[] = [
  {
    run: { cycles: 50, pointsPerHalfCycle: 200, capacityAh: 1.1, fadePerCycle: 0.0005, seed: 1 },
    public: true,
    cell: {
      cathodeMaterial: 'LiFePO4',
      anodeMaterial: 'graphite',
      electrolyte: '1 M LiPF6 in EC:DMC 1:1',
      activeMassMg: 7300,
      electrodeAreaCm2: 750,
      chargeCRate: 0.5,
      dischargeCRate: 0.5,
      voltageMinV: 2.0,
      voltageMaxV: 3.6,
      temperatureC: 25,
    },
    experiment: {
      title: 'Synthetic LFP 18650 — 50 cycles at C/2',
      description: 'Generated by BatteryDB (synthetic cycler run, seed 1).',
      chemistry: 'LFP',
      cathodeMaterial: 'LiFePO4',
      anodeMaterial: 'graphite',
      cellFormat: 'cylindrical 18650',
      nominalCapacityMah: 1100,
      temperatureC: 25,
      cycler: 'synthetic',
      tags: ['synthetic'],
    },
  },
  {
    run: { cycles: 120, pointsPerHalfCycle: 100, capacityAh: 5, fadePerCycle: 0.002, seed: 2 },
    public: false,
    cell: {
      cathodeMaterial: 'NMC811',
      anodeMaterial: 'graphite',
      electrolyte: '1 M LiPF6 in EC:EMC 3:7',
      activeMassMg: 26000,
      electrodeAreaCm2: 2400,
      chargeCRate: 1,
      dischargeCRate: 1,
      voltageMinV: 2.5,
      voltageMaxV: 4.2,
      temperatureC: 45,
    },
    experiment: {
      title: 'Synthetic NMC811 pouch — 120 cycles, fast fade',
      description: 'Generated by BatteryDB (synthetic cycler run, seed 2).',
      chemistry: 'NMC811',
      cathodeMaterial: 'NMC811',
      anodeMaterial: 'graphite',
      cellFormat: 'pouch',
      nominalCapacityMah: 5000,
      temperatureC: 45,
      cycler: 'synthetic',
      tags: ['synthetic', 'fade'],
    },
  },
  {
    run: { cycles: 5, pointsPerHalfCycle: 300, capacityAh: 0.0035, fadePerCycle: 0.01, seed: 3 },
    public: false,
    cell: {
      cathodeMaterial: 'LiFePO4',
      anodeMaterial: 'lithium metal',
      electrolyte: '1 M LiPF6 in EC:DMC 1:1',
      activeMassMg: 22,
      electrodeAreaCm2: 2.01,
      chargeCRate: 0.1,
      dischargeCRate: 0.1,
      voltageMinV: 2.5,
      voltageMaxV: 4.0,
      temperatureC: 25,
    },
    experiment: {
      title: 'Synthetic LFP coin cell — formation',
      description: 'Generated by BatteryDB (synthetic cycler run, seed 3).',
      chemistry: 'LFP',
      cellFormat: 'coin',
      nominalCapacityMah: 3.5,
      cycler: 'synthetic',
      tags: ['synthetic', 'formation'],
    },
  },
];

/** True when `dir` holds the real files (their SOURCES.md is the marker). */
export function haveRealFiles(dir: string): boolean {
  return existsSync(path.join(dir, 'SOURCES.md'));
}

export function realDatasets(dir: string): DemoDataset[] {
  return REAL.map((d) => ({
    experiment: d.experiment,
    public: d.public,
    cell: d.cell,
    files: d.files.map((file) => ({
      name: path.basename(file),
      open: () => createReadStream(path.join(dir, file)) as AsyncIterable<Buffer>,
    })),
  }));
}

export function syntheticDatasets(): DemoDataset[] {
  return SYNTHETIC.map((d) => ({
    experiment: d.experiment,
    public: d.public,
    cell: d.cell,
    files: [
      {
        name: `synthetic-seed-${d.run.seed}.csv`,
        open: () => Readable.from(syntheticCyclerCsvChunks(d.run), { objectMode: false }),
      },
    ],
  }));
}
