import type { DatasetRecord } from '../../../src/datasets/citation/index.ts';
import { validateCitation } from '../../../src/datasets/citation/index.ts';

/**
 * The worked example every format is checked against: two creators (one with an ORCID iD and
 * affiliation, one with a compound given name), a licence typed in lower case, a related paper
 * given as `doi:`, funding, and a title with BibTeX's and XML's special characters.
 */
export function workedExample(): DatasetRecord {
  return {
    experimentId: 12,
    version: 3,
    title: 'LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC>',
    description: 'Graphite | LFP coin cells.\nCycled at 1 C.',
    citation: validateCitation({
      creators: [
        {
          name: 'Curie, Marie',
          orcid: 'https://orcid.org/0000-0002-1825-0097',
          affiliation: 'Sorbonne Université',
        },
        { name: 'Jean-Paul Sartre' },
      ],
      licence: 'cc-by-4.0',
      relatedPublications: [{ doi: 'doi:10.1149/1945-7111/ab1234', relation: 'IsSupplementTo' }],
      funding: [
        { funder: 'European Research Council', awardNumber: '101000000', awardTitle: 'BATTERY 2030+' },
      ],
      keywords: ['ageing', 'LFP'],
      doi: 'https://doi.org/10.5281/zenodo.42',
    }),
    publisher: 'BatteryDB',
    releasedAt: new Date('2026-12-07T10:30:00Z'),
    landingUrl: 'https://batterydb.example.org/datasets/12/v/3',
    files: [
      {
        name: 'cell-1.csv',
        sha256: 'a'.repeat(64),
        bytes: 123456,
        format: 'text/csv',
        downloadUrl: 'https://batterydb.example.org/datasets/12/v/3/files/cell-1.csv',
      },
    ],
    materials: { chemistry: 'LFP', cathode: 'LiFePO4', anode: 'graphite' },
  };
}
