import { personName } from './citation-metadata.ts';
import type { DatasetRecord } from './dataset-record.ts';
import { doiUrl } from './doi.ts';

/** "Jean-Paul Marie" → "J.-P. M." (APA 7: initials, hyphens kept). */
function initials(given: string): string {
  return given
    .split(/\s+/)
    .filter(Boolean)
    .map((word) =>
      word
        .split('-')
        .map((part) => (part ? `${[...part][0]!.toUpperCase()}.` : ''))
        .join('-'),
    )
    .join(' ');
}

function authorList(names: string[]): string {
  const people = names.map((n) => {
    const { family, given } = personName(n);
    return given ? `${family}, ${initials(given)}` : family;
  });
  if (people.length <= 1) return people[0] ?? '';
  // APA 7 lists up to 20 authors, then an ellipsis and the last.
  if (people.length > 20) return `${people.slice(0, 19).join(', ')}, … ${people.at(-1)!}`;
  return `${people.slice(0, -1).join(', ')}, & ${people.at(-1)!}`;
}

/**
 * A citation in APA 7's shape for a data set:
 * `Curie, M., & Sklodowska, B. (2026). Title (Version 2) [Data set]. BatteryDB. https://doi.org/…`
 * Without creators the title leads, as APA does for a work without an author.
 */
export function formatCitation(r: DatasetRecord): string {
  const authors = authorList(r.citation.creators.map((c) => c.name));
  const year = `(${r.releasedAt.getUTCFullYear()})`;
  const title = `${r.title.trim().replace(/\s+/g, ' ')} (Version ${r.version}) [Data set]`;
  const lead = authors
    ? `${authors}${authors.endsWith('.') ? '' : '.'} ${year}. ${title}.`
    : `${title}. ${year}.`;
  const link = r.citation.doi ? doiUrl(r.citation.doi) : r.landingUrl;
  return `${lead} ${r.publisher}. ${link}`;
}
