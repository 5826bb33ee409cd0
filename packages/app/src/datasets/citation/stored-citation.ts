import { type CitationMetadata, emptyCitation } from './citation-metadata.ts';

/** The experiment's `citation` column as stored: validated JSON, or null for none. */
export function encodeCitation(c: CitationMetadata): string | null {
  const empty =
    c.creators.length + c.relatedPublications.length + c.funding.length + c.keywords.length === 0 &&
    c.licence === null &&
    c.doi === null;
  return empty ? null : JSON.stringify(c);
}

/** The column back as metadata; parts a later version adds are empty on older rows. */
export function decodeCitation(stored: string | null | undefined): CitationMetadata {
  if (!stored) return emptyCitation();
  return { ...emptyCitation(), ...(JSON.parse(stored) as Partial<CitationMetadata>) };
}
