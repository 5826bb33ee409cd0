/**
 * DOI syntax (https://www.doi.org/the-identifier/resources/handbook/2_numbering): `10.` then a
 * registrant code of digits (possibly dotted sub-codes), `/`, then a suffix of any printable
 * characters. DataCite and Crossref prefixes have at least four digits. People paste DOIs as
 * `https://doi.org/…`, `doi:…` or the old `dx.doi.org` form; all are stored as the bare DOI.
 */

const DOI = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;
const DOI_PREFIXES = /^(?:(?:https?:\/\/)?(?:dx\.)?doi\.org\/|doi:\s*)/i;

/**
 * The bare DOI from what a person typed, or null when it is not a DOI. The suffix keeps its case
 * (DOIs compare case-insensitively, but people read them as registered).
 *
 * @example normaliseDoi('https://doi.org/10.5281/zenodo.123') // '10.5281/zenodo.123'
 */
export function normaliseDoi(input: string): string | null {
  let doi = input.trim().replace(DOI_PREFIXES, '');
  // A pasted URL may carry percent-escapes (`%2F`); a DOI itself is stored unescaped.
  if (/%[0-9A-Fa-f]{2}/.test(doi))
    try {
      doi = decodeURIComponent(doi);
    } catch {
      return null;
    }
  return DOI.test(doi) && doi.length <= 300 ? doi : null;
}

/** The resolvable URL of a DOI (DOI Handbook: the preferred display form). */
export const doiUrl = (doi: string) => `https://doi.org/${doi}`;
