/**
 * "Too similar to the username or e-mail" (ASVS 2.1.7 context words; SPEC §5), made concrete:
 *
 * 1. Django's `UserAttributeSimilarityValidator` measure: the password against each value and
 *    each of its parts (split at non-word characters) by `quick_ratio` — twice the characters
 *    they share (as multisets) over their total length — refused at 0.7 or above. It catches the
 *    name itself, reversed, shuffled or with a few characters added ("alice1", "ecila").
 * 2. What is left of the password once every occurrence of a value of 3 or more characters is
 *    taken out must still be 8 characters long: knowing the username, a guesser only has to
 *    find the rest ("alice2024!" leaves "2024!").
 */
export const MAX_SIMILARITY = 0.7;
const MIN_PART = 3;
const MIN_REST = 8;

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

function quickRatio(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const c of b) counts.set(c, (counts.get(c) ?? 0) + 1);
  let shared = 0;
  for (const c of a) {
    const n = counts.get(c) ?? 0;
    if (n > 0) {
      shared += 1;
      counts.set(c, n - 1);
    }
  }
  const total = [...a].length + [...b].length;
  return total === 0 ? 0 : (2 * shared) / total;
}

/** The value a password is too similar to, or undefined. Values may be empty (then ignored). */
export function similarValue(password: string, values: readonly string[]): string | undefined {
  const p = fold(password);
  for (const value of values) {
    const v = fold(value);
    if (v === '') continue;
    const parts = [v, ...v.split(/[\W_]+/u)].filter((part) => part.length > 0);
    if (parts.some((part) => quickRatio(p, part) >= MAX_SIMILARITY)) return value;
    const long = parts.filter((part) => [...part].length >= MIN_PART);
    const rest = long.reduce((left, part) => left.split(part).join(''), p);
    if (long.length > 0 && [...rest].length < MIN_REST) return value;
  }
  return undefined;
}
