import unhomoglyph from 'unhomoglyph';

/**
 * The skeleton of a user or group name (Unicode TR39 §4, "confusable detection"): two names
 * whose skeletons are equal look alike, and only one of them may exist. NFKC folds compatibility
 * forms ("Ｍaintainer" → "Maintainer"); the TR39 confusables table (the `unhomoglyph` package's
 * copy of Unicode's confusables.txt) maps look-alikes to one prototype ("Маintainer" in Cyrillic,
 * "0" → "O", "I" → "l", "m" → "rn"). Names are compared without regard to case, so the mapping
 * runs before lower-casing (capital look-alikes) and after it (small ones), and the lower-case
 * form of TR39's "I" → "l" is applied too ("i" → "l"): otherwise "MAINTAINER" and "maintainer"
 * would differ. Runs of spaces count as one. The skeleton is for comparing only.
 */
export function nameSkeleton(name: string): string {
  const folded = unhomoglyph(name.normalize('NFKC').trim().replace(/\s+/gu, ' ')).toLowerCase();
  return unhomoglyph(folded).toLowerCase().replaceAll('i', 'l');
}
