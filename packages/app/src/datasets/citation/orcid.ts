/**
 * ORCID iDs (https://support.orcid.org/hc/en-us/articles/360006897674): 16 characters in groups
 * of four, the last a check character computed with ISO 7064 MOD 11-2 over the first 15 digits
 * (`X` stands for 10). A typo in one digit, or two swapped, fails the check.
 */

const ORCID = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/;
const ORCID_URL = /^(?:https?:\/\/)?(?:www\.)?orcid\.org\//i;

/** The check character of 15 digits, by ISO 7064 MOD 11-2. */
export function orcidCheckCharacter(first15: string): string {
  let total = 0;
  for (const digit of first15) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/**
 * The iD in its stored form (`0000-0002-1825-0097`) from what a person typed (also the
 * `https://orcid.org/…` form, a lower-case `x`, or without hyphens); null when it is not an ORCID
 * iD or its check character is wrong.
 *
 * @example normaliseOrcid('https://orcid.org/0000-0002-1825-0097') // '0000-0002-1825-0097'
 */
export function normaliseOrcid(input: string): string | null {
  const match = ORCID.exec(input.trim().replace(ORCID_URL, '').toUpperCase());
  if (!match) return null;
  const id = match.slice(1, 5).join('-');
  const digits = id.replaceAll('-', '');
  return orcidCheckCharacter(digits.slice(0, 15)) === digits[15] ? id : null;
}

/** The iD as the URL ORCID asks people to show and machines to link. */
export const orcidUrl = (id: string) => `https://orcid.org/${id}`;
