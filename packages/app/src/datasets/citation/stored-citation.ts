import { type CitationMetadata, emptyCitation, isEmptyCitation } from './citation-metadata.ts';

/** The experiment's `citation` column as stored: validated JSON, or null for none. */
export function encodeCitation(c: CitationMetadata): string | null {
  return isEmptyCitation(c) ? null : JSON.stringify(c);
}

/** The column back as metadata; parts a later version adds are empty on older rows. */
export function decodeCitation(stored: string | null | undefined): CitationMetadata {
  if (!stored) return emptyCitation();
  return { ...emptyCitation(), ...(JSON.parse(stored) as Partial<CitationMetadata>) };
}
