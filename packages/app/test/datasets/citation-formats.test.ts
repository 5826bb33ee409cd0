/**
 * Issue 26: every citation format of the worked example (support/worked-example.ts), exactly.
 * The expected texts were checked by hand against each format's documentation: BibTeX escapes,
 * RIS's `TAG  - value` lines with CR LF, APA 7's data-set reference, CSL-JSON `dataset`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatCitation,
  toBibtex,
  toCslJson,
  toDataciteJson,
  toDataciteXml,
  toRis,
  toSchemaOrgDataset,
} from '../../src/datasets/citation/index.ts';
import { workedExample } from './support/worked-example.ts';

describe('citation formats of the worked example', () => {
  test('BibTeX: special characters escaped, family names braced, title case kept', () => {
    assert.equal(
      toBibtex(workedExample()),
      `@misc{batterydb-12-v3,
  author = {{Curie}, Marie and {Sartre}, Jean-Paul},
  title = {{LFP \\{ageing\\} at 45 °C \\& 1 C\\_rate, 50\\% <SoC>}},
  year = {2026},
  month = {12},
  publisher = {BatteryDB},
  version = {3},
  howpublished = {Dataset},
  doi = {10.5281/zenodo.42},
  url = {https://doi.org/10.5281/zenodo.42},
  keywords = {ageing, LFP, LiFePO4, graphite},
  copyright = {CC-BY-4.0}
}
`,
    );
  });

  test('RIS: one tag a line, CR LF, the description on one line', () => {
    assert.equal(
      toRis(workedExample()),
      [
        'TY  - DATA',
        'AU  - Curie, Marie',
        'AU  - Sartre, Jean-Paul',
        'TI  - LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC>',
        'PY  - 2026',
        'DA  - 2026/12/07',
        'PB  - BatteryDB',
        'ET  - 3',
        'AB  - Graphite | LFP coin cells. Cycled at 1 C.',
        'KW  - ageing',
        'KW  - LFP',
        'KW  - LiFePO4',
        'KW  - graphite',
        'DO  - 10.5281/zenodo.42',
        'UR  - https://doi.org/10.5281/zenodo.42',
        'N1  - Licence: CC-BY-4.0',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
  });

  test('formatted citation (APA 7 data set)', () => {
    assert.equal(
      formatCitation(workedExample()),
      'Curie, M., & Sartre, J.-P. (2026). LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC> (Version 3) [Data set]. BatteryDB. https://doi.org/10.5281/zenodo.42',
    );
  });

  test('formatted citation without DOI or creators: the title leads, the landing page links', () => {
    const r = workedExample();
    r.citation = { ...r.citation, creators: [], doi: null };
    assert.equal(
      formatCitation(r),
      'LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC> (Version 3) [Data set]. (2026). BatteryDB. https://batterydb.example.org/datasets/12/v/3',
    );
  });

  test('CSL-JSON item of type dataset', () => {
    assert.deepEqual(toCslJson(workedExample()), {
      id: 'batterydb-12-v3',
      type: 'dataset',
      title: 'LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC>',
      author: [
        { family: 'Curie', given: 'Marie' },
        { family: 'Sartre', given: 'Jean-Paul' },
      ],
      issued: { 'date-parts': [[2026, 12, 7]] },
      publisher: 'BatteryDB',
      version: '3',
      URL: 'https://doi.org/10.5281/zenodo.42',
      DOI: '10.5281/zenodo.42',
      abstract: 'Graphite | LFP coin cells.\nCycled at 1 C.',
      keyword: 'ageing, LFP, LiFePO4, graphite',
      license: 'CC-BY-4.0',
    });
  });

  test('schema.org Dataset JSON-LD', () => {
    assert.deepEqual(toSchemaOrgDataset(workedExample()), {
      '@context': 'https://schema.org',
      '@type': 'Dataset',
      '@id': 'https://doi.org/10.5281/zenodo.42',
      name: 'LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC>',
      // Under Google's 50 characters: led by the title, followed by what the record says of itself.
      description:
        'LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC> — Graphite | LFP coin cells.\nCycled at 1 C. — Battery cycling data, version 3, published by BatteryDB.',
      url: 'https://batterydb.example.org/datasets/12/v/3',
      identifier: 'https://doi.org/10.5281/zenodo.42',
      version: '3',
      datePublished: '2026-12-07',
      isAccessibleForFree: true,
      creator: [
        {
          '@type': 'Person',
          name: 'Curie, Marie',
          givenName: 'Marie',
          familyName: 'Curie',
          '@id': 'https://orcid.org/0000-0002-1825-0097',
          identifier: 'https://orcid.org/0000-0002-1825-0097',
          affiliation: { '@type': 'Organization', name: 'Sorbonne Université' },
        },
        { '@type': 'Person', name: 'Jean-Paul Sartre', givenName: 'Jean-Paul', familyName: 'Sartre' },
      ],
      publisher: { '@type': 'Organization', name: 'BatteryDB' },
      license: 'https://spdx.org/licenses/CC-BY-4.0.html',
      keywords: ['ageing', 'LFP', 'LiFePO4', 'graphite'],
      citation: ['https://doi.org/10.1149/1945-7111/ab1234'],
      funding: [
        {
          '@type': 'Grant',
          identifier: '101000000',
          name: 'BATTERY 2030+',
          funder: { '@type': 'Organization', name: 'European Research Council' },
        },
      ],
      distribution: [
        {
          '@type': 'DataDownload',
          name: 'cell-1.csv',
          contentUrl: 'https://batterydb.example.org/datasets/12/v/3/files/cell-1.csv',
          encodingFormat: 'text/csv',
          contentSize: '123456 B',
          sha256: 'a'.repeat(64),
        },
      ],
    });
  });

  test('DataCite 4.5 XML', () => {
    assert.equal(
      toDataciteXml(workedExample()),
      `<?xml version="1.0" encoding="UTF-8"?>
<resource xmlns="http://datacite.org/schema/kernel-4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://datacite.org/schema/kernel-4 https://schema.datacite.org/meta/kernel-4.5/metadata.xsd">
  <identifier identifierType="DOI">10.5281/zenodo.42</identifier>
  <creators>
    <creator><creatorName nameType="Personal">Curie, Marie</creatorName><givenName>Marie</givenName><familyName>Curie</familyName><nameIdentifier nameIdentifierScheme="ORCID" schemeURI="https://orcid.org">https://orcid.org/0000-0002-1825-0097</nameIdentifier><affiliation>Sorbonne Université</affiliation></creator>
    <creator><creatorName nameType="Personal">Sartre, Jean-Paul</creatorName><givenName>Jean-Paul</givenName><familyName>Sartre</familyName></creator>
  </creators>
  <titles>
    <title>LFP {ageing} at 45 °C &amp; 1 C_rate, 50% &lt;SoC&gt;</title>
  </titles>
  <publisher>BatteryDB</publisher>
  <publicationYear>2026</publicationYear>
  <resourceType resourceTypeGeneral="Dataset">Battery cycling data</resourceType>
  <subjects>
    <subject>ageing</subject>
    <subject>LFP</subject>
    <subject>LiFePO4</subject>
    <subject>graphite</subject>
  </subjects>
  <fundingReferences>
    <fundingReference><funderName>European Research Council</funderName><awardNumber>101000000</awardNumber><awardTitle>BATTERY 2030+</awardTitle></fundingReference>
  </fundingReferences>
  <dates>
    <date dateType="Issued">2026-12-07</date>
  </dates>
  <alternateIdentifiers>
    <alternateIdentifier alternateIdentifierType="URL">https://batterydb.example.org/datasets/12/v/3</alternateIdentifier>
  </alternateIdentifiers>
  <relatedIdentifiers>
    <relatedIdentifier relatedIdentifierType="DOI" relationType="IsSupplementTo">10.1149/1945-7111/ab1234</relatedIdentifier>
  </relatedIdentifiers>
  <sizes>
    <size>123456 bytes</size>
  </sizes>
  <formats>
    <format>text/csv</format>
  </formats>
  <version>3</version>
  <rightsList>
    <rights rightsURI="https://spdx.org/licenses/CC-BY-4.0.html" rightsIdentifier="CC-BY-4.0" rightsIdentifierScheme="SPDX" schemeURI="https://spdx.org/licenses/">CC-BY-4.0</rights>
  </rightsList>
  <descriptions>
    <description descriptionType="Abstract">Graphite | LFP coin cells.
Cycled at 1 C.</description>
  </descriptions>
</resource>
`,
    );
  });

  test('DataCite REST API JSON carries the same properties', () => {
    const { data } = toDataciteJson(workedExample());
    assert.equal(data.type, 'dois');
    assert.deepEqual(data.attributes, {
      doi: '10.5281/zenodo.42',
      creators: [
        {
          name: 'Curie, Marie',
          nameType: 'Personal',
          givenName: 'Marie',
          familyName: 'Curie',
          nameIdentifiers: [
            {
              nameIdentifier: 'https://orcid.org/0000-0002-1825-0097',
              nameIdentifierScheme: 'ORCID',
              schemeUri: 'https://orcid.org',
            },
          ],
          affiliation: [{ name: 'Sorbonne Université' }],
        },
        {
          name: 'Sartre, Jean-Paul',
          nameType: 'Personal',
          givenName: 'Jean-Paul',
          familyName: 'Sartre',
          nameIdentifiers: [],
          affiliation: [],
        },
      ],
      titles: [{ title: 'LFP {ageing} at 45 °C & 1 C_rate, 50% <SoC>' }],
      publisher: { name: 'BatteryDB' },
      publicationYear: 2026,
      types: { resourceTypeGeneral: 'Dataset', resourceType: 'Battery cycling data' },
      subjects: [{ subject: 'ageing' }, { subject: 'LFP' }, { subject: 'LiFePO4' }, { subject: 'graphite' }],
      fundingReferences: [
        { funderName: 'European Research Council', awardNumber: '101000000', awardTitle: 'BATTERY 2030+' },
      ],
      dates: [{ date: '2026-12-07', dateType: 'Issued' }],
      alternateIdentifiers: [
        {
          alternateIdentifier: 'https://batterydb.example.org/datasets/12/v/3',
          alternateIdentifierType: 'URL',
        },
      ],
      relatedIdentifiers: [
        {
          relatedIdentifier: '10.1149/1945-7111/ab1234',
          relatedIdentifierType: 'DOI',
          relationType: 'IsSupplementTo',
        },
      ],
      sizes: ['123456 bytes'],
      formats: ['text/csv'],
      version: '3',
      rightsList: [
        {
          rights: 'CC-BY-4.0',
          rightsUri: 'https://spdx.org/licenses/CC-BY-4.0.html',
          rightsIdentifier: 'CC-BY-4.0',
          rightsIdentifierScheme: 'SPDX',
          schemeUri: 'https://spdx.org/licenses/',
        },
      ],
      descriptions: [
        { description: 'Graphite | LFP coin cells.\nCycled at 1 C.', descriptionType: 'Abstract' },
      ],
      url: 'https://batterydb.example.org/datasets/12/v/3',
      schemaVersion: 'http://datacite.org/schema/kernel-4',
    });
  });
});
