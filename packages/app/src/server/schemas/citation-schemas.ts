import { Type } from '@sinclair/typebox';
import { RELATION_TYPES } from '../../datasets/citation/citation-metadata.ts';
import { closed } from './common.ts';

const Text = Type.String();

/** An experiment's citation as the API shows it (datasets/citation/citation-metadata.ts). */
export const CitationJson = closed({
  creators: Type.Array(
    closed({
      name: Text,
      orcid: Type.Union([Type.String({ description: 'ORCID iD, e.g. 0000-0002-1825-0097' }), Type.Null()]),
      affiliation: Text,
    }),
    { description: 'in citation order' },
  ),
  licence: Type.Union([Type.String({ description: 'SPDX licence id, e.g. CC-BY-4.0' }), Type.Null()]),
  relatedPublications: Type.Array(
    closed({
      doi: Type.String({ description: 'bare DOI, e.g. 10.1149/1945-7111/abc123' }),
      relation: Type.Union(RELATION_TYPES.map((r) => Type.Literal(r))),
    }),
  ),
  funding: Type.Array(closed({ funder: Text, awardNumber: Text, awardTitle: Text })),
  keywords: Type.Array(Text),
  doi: Type.Union([Type.String({ description: 'the dataset’s own DOI, bare' }), Type.Null()]),
});

/**
 * What a create or PATCH takes: the same shape, checked by the domain (validate-citation.ts)
 * rather than by the schema, because the schema stops at the first error and the domain names
 * every invalid part at once (`citation.creators[1].orcid`, …, in the problem's `errors`).
 * Unknown keys inside are refused there, with their path.
 */
export const CitationBody = Type.Unknown({
  description:
    'Citation metadata, set as a whole (parts left out are empty): the shape of `citation` in the response. ' +
    'ORCID iDs are checked (ISO 7064 MOD 11-2), DOIs may be given as https://doi.org/…, the licence is an SPDX id; ' +
    'all invalid parts are reported together in `errors`.',
});
