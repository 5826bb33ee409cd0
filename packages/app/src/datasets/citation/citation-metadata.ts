/**
 * What a dataset needs to be cited (issue 26 part 1), in the shape DataCite 4.5 and schema.org
 * both carry: ordered creators, an SPDX licence, related publications, funding, keywords, and
 * the dataset's own DOI once one is registered. Stored as one JSON value on the experiment
 * (migration 2026-12-07-26-01) because it is read and frozen into a version as a whole.
 */
export interface Creator {
  /** As the person writes it: "Family, Given" or "Given Family". */
  name: string;
  /** Bare ORCID iD (`0000-0002-1825-0097`), checked; null when not given. */
  orcid: string | null;
  affiliation: string;
}

/** DataCite 4.5 `relationType` values that link a dataset to a publication. */
export const RELATION_TYPES = [
  'IsSupplementTo',
  'IsCitedBy',
  'IsDescribedBy',
  'IsReferencedBy',
  'IsDocumentedBy',
  'IsSourceOf',
  'IsDerivedFrom',
  'References',
  'Cites',
  'IsPartOf',
  'IsPublishedIn',
  'IsSupplementedBy',
  'Describes',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export interface RelatedPublication {
  /** Bare DOI, normalised (`10.1149/1945-7111/abc123`). */
  doi: string;
  relation: RelationType;
}

export interface Funding {
  funder: string;
  awardNumber: string;
  awardTitle: string;
}

export interface CitationMetadata {
  creators: Creator[];
  /** SPDX id (canonical case), or null while none is chosen. */
  licence: string | null;
  relatedPublications: RelatedPublication[];
  funding: Funding[];
  keywords: string[];
  /** The dataset's own DOI (bare), filled by hand or by a registration; null until then. */
  doi: string | null;
}

/** No citation yet: what an experiment has until someone gives one. */
export function emptyCitation(): CitationMetadata {
  return { creators: [], licence: null, relatedPublications: [], funding: [], keywords: [], doi: null };
}

/** True when nothing of the citation is given (stored as null, shown as "no citation yet"). */
export function isEmptyCitation(c: CitationMetadata): boolean {
  return (
    c.creators.length + c.relatedPublications.length + c.funding.length + c.keywords.length === 0 &&
    c.licence === null &&
    c.doi === null
  );
}

/** A creator's name split the way citation styles need it. */
export interface PersonName {
  family: string;
  given: string;
}

/**
 * "Curie, Marie" → {family: Curie, given: Marie}; "Marie Curie" → the last word is the family
 * name (write "van der Berg, Anna" when it is several words). One word is a family name alone.
 */
export function personName(name: string): PersonName {
  const comma = name.indexOf(',');
  if (comma >= 0) return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() };
  const words = name.trim().split(/\s+/);
  const family = words.pop() ?? '';
  return { family, given: words.join(' ') };
}
