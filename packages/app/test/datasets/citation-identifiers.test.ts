/**
 * Issue 26: the identifiers a citation carries are checked, not merely stored. ORCID iDs by
 * their ISO 7064 MOD 11-2 check character, DOIs by syntax (and normalised from the forms people
 * paste), licences against the SPDX list; every invalid part of a citation named at once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  normaliseDoi,
  normaliseOrcid,
  releaseProblems,
  spdxId,
  validateCitation,
} from '../../src/datasets/citation/index.ts';
import { orcidCheckCharacter } from '../../src/datasets/citation/orcid.ts';
import { InvalidFields } from '../../src/validation/invalid-fields.ts';

describe('ORCID iDs', () => {
  // Valid iDs from ORCID's own documentation (Josiah Carberry; an iD ending in X).
  const table: [string, string | null][] = [
    ['0000-0002-1825-0097', '0000-0002-1825-0097'],
    ['https://orcid.org/0000-0002-1825-0097', '0000-0002-1825-0097'],
    ['http://www.orcid.org/0000-0002-1825-0097', '0000-0002-1825-0097'],
    ['0000000218250097', '0000-0002-1825-0097'],
    ['0000-0002-1694-233x', '0000-0002-1694-233X'],
    ['0000-0001-5109-3700', '0000-0001-5109-3700'],
    ['0000-0002-1825-0098', null], // wrong check digit
    ['0000-0002-1852-0097', null], // two digits swapped
    ['0000-0002-1825-009', null], // too short
    ['0000-0002-1825-00977', null], // too long
    ['0000-000X-1825-0097', null], // X only as the check character
    ['orcid', null],
    ['', null],
  ];
  for (const [input, expected] of table)
    test(`${JSON.stringify(input)} → ${expected ?? 'refused'}`, () =>
      assert.equal(normaliseOrcid(input), expected));

  test('any single-digit change of a valid iD is refused (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{15}$/),
        fc.nat(14),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const id = body + orcidCheckCharacter(body);
          const typed = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
          assert.equal(normaliseOrcid(typed(id)), typed(id));
          const changed = body.slice(0, at) + String((Number(body[at]) + delta) % 10) + body.slice(at + 1);
          assert.equal(normaliseOrcid(typed(changed + id[15]!)), null);
        },
      ),
    );
  });
});

describe('DOIs', () => {
  const table: [string, string | null][] = [
    ['10.5281/zenodo.42', '10.5281/zenodo.42'],
    ['https://doi.org/10.1149/1945-7111/ab1234', '10.1149/1945-7111/ab1234'],
    ['http://dx.doi.org/10.1016/j.jpowsour.2020.228806', '10.1016/j.jpowsour.2020.228806'],
    ['doi:10.1038/s41560-019-0356-8', '10.1038/s41560-019-0356-8'],
    ['DOI: 10.1000.10/ABC', '10.1000.10/ABC'],
    ['https://doi.org/10.1002%2Faenm.2021', '10.1002/aenm.2021'],
    ['  10.5281/zenodo.42  ', '10.5281/zenodo.42'],
    ['10.52/x', null], // registrant code too short
    ['11.5281/zenodo.42', null],
    ['10.5281/', null],
    ['10.5281/has space', null],
    ['https://example.org/10.5281/x', null],
    ['', null],
  ];
  for (const [input, expected] of table)
    test(`${JSON.stringify(input)} → ${expected ?? 'refused'}`, () =>
      assert.equal(normaliseDoi(input), expected));
});

describe('SPDX licence ids', () => {
  const table: [string, string | null][] = [
    ['CC-BY-4.0', 'CC-BY-4.0'],
    ['cc-by-4.0', 'CC-BY-4.0'],
    ['CC0-1.0', 'CC0-1.0'],
    ['ODbL-1.0', 'ODbL-1.0'],
    ['mit', 'MIT'],
    ['GPL-2.0', null], // deprecated id: GPL-2.0-only or GPL-2.0-or-later
    ['CC-BY', null],
    ['public domain', null],
  ];
  for (const [input, expected] of table)
    test(`${JSON.stringify(input)} → ${expected ?? 'refused'}`, () => assert.equal(spdxId(input), expected));
});

describe('validateCitation', () => {
  const problems = (input: unknown) => {
    try {
      validateCitation(input);
    } catch (error) {
      assert.ok(error instanceof InvalidFields, String(error));
      return error.problems.map((p) => p.field);
    }
    assert.fail('expected the citation to be refused');
  };

  test('every invalid part is named at once, with its path', () => {
    assert.deepEqual(
      problems({
        creators: [
          { name: 'Curie, Marie', orcid: '0000-0002-1825-0097' },
          { name: '', orcid: '0000-0002-1825-0098', email: 'x@example.org' },
        ],
        licence: 'CC-BY',
        relatedPublications: [{ doi: 'nope', relation: 'IsLovedBy' }],
        funding: [{ awardNumber: '1' }],
        keywords: ['ok', ''],
        doi: '10.1/x',
        colour: 'red',
      }),
      [
        'citation.colour',
        'citation.creators[1].email',
        'citation.creators[1].name',
        'citation.creators[1].orcid',
        'citation.licence',
        'citation.relatedPublications[0].doi',
        'citation.relatedPublications[0].relation',
        'citation.funding[0].funder',
        'citation.keywords[1]',
        'citation.doi',
      ],
    );
  });

  test('not an object, or lists that are not lists', () => {
    assert.deepEqual(problems('CC-BY-4.0'), ['citation']);
    assert.deepEqual(problems({ creators: 'Marie Curie', keywords: 'a,b' }), [
      'citation.creators',
      'citation.keywords',
    ]);
  });

  test('valid input comes back normalised; parts left out are empty', () => {
    assert.deepEqual(
      validateCitation({
        creators: [{ name: ' Curie, Marie ', orcid: 'https://orcid.org/0000-0002-1825-0097' }],
        licence: 'cc0-1.0',
        relatedPublications: [{ doi: 'https://doi.org/10.1149/1945-7111/ab1234' }],
        keywords: ['LFP', 'LFP', 'ageing'],
        doi: '',
      }),
      {
        creators: [{ name: 'Curie, Marie', orcid: '0000-0002-1825-0097', affiliation: '' }],
        licence: 'CC0-1.0',
        relatedPublications: [{ doi: '10.1149/1945-7111/ab1234', relation: 'IsSupplementTo' }],
        funding: [],
        keywords: ['LFP', 'ageing'],
        doi: null,
      },
    );
  });

  test('release needs a creator and a licence', () => {
    assert.deepEqual(
      releaseProblems(validateCitation({})).map((p) => p.field),
      ['citation.creators', 'citation.licence'],
    );
    assert.deepEqual(releaseProblems(validateCitation({ creators: [{ name: 'A B' }], licence: 'MIT' })), []);
  });
});
