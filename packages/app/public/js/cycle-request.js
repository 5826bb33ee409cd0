// @ts-check
/**
 * The cycles a person asks for in the chooser — numbers and ranges, "1, 5, 10-50" — and what
 * the page says when it draws fewer than asked (issue 21: never silently dropped): cycles no
 * chosen cell has, and cycles beyond what the plot draws at once.
 */

/** Cycle numbers the plots draw at once (each is a request and two curves per cell). */
export const MOST_CYCLES = 20;
/** A range wider than this is not expanded number by number (it is still counted). */
const WIDEST = 100_000;

/**
 * The distinct cycle numbers asked for, in ascending order, and how many were asked for.
 * Ranges are `a-b` or `a–b`; anything else that is not a whole number is ignored.
 * @param {string} text
 * @returns {{ numbers: number[], asked: number }}
 */
export function parseCycleRequest(text) {
  /** @type {Set<number>} */
  const numbers = new Set();
  let beyond = 0;
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const range = /^(\d+)[-–](\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])].sort((a, b) => a - b);
      const last = Math.min(to ?? 0, (from ?? 0) + WIDEST - 1);
      for (let n = from ?? 0; n <= last; n++) numbers.add(n);
      beyond += (to ?? 0) - last;
    } else if (/^\d+$/.test(part)) numbers.add(Number(part));
  }
  const sorted = [...numbers].sort((a, b) => a - b);
  return { numbers: sorted, asked: sorted.length + beyond };
}

/**
 * Numbers as short ranges: [1, 2, 3, 7, 9, 10] → "1–3, 7, 9–10".
 * @param {number[]} numbers ascending
 */
export function rangeWords(numbers) {
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] ?? 0) + 1) j++;
    out.push(j === i ? String(numbers[i]) : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * Which asked-for cycles to draw: those a chosen cell has, at most `most`; and the sentence
 * saying what is not drawn and why ('' when everything asked for is drawn).
 * @param {{ numbers: number[], asked: number }} request
 * @param {Set<number>} existing the cycle numbers any chosen cell has
 * @param {number} [most]
 * @returns {{ drawn: number[], words: string }}
 */
export function cyclesToDraw(request, existing, most = MOST_CYCLES) {
  const there = request.numbers.filter((n) => existing.has(n));
  const drawn = there.slice(0, most);
  if (drawn.length === request.asked) return { drawn, words: '' };
  const reasons = [];
  const absent = request.asked - there.length;
  if (absent > 0) {
    const have = rangeWords([...existing].sort((a, b) => a - b));
    const none = request.asked === 1 ? 'it does not exist' : 'none of them exist';
    const some = `${absent.toLocaleString('en')} of them ${absent === 1 ? 'does' : 'do'} not exist`;
    reasons.push(
      `${absent === request.asked ? none : some} (the chosen cells have cycles ${have || 'none'})`,
    );
  }
  if (there.length > most) reasons.push(`at most ${most} are drawn at once: narrow the range to see others`);
  const asked = `${request.asked.toLocaleString('en')} requested cycle${request.asked === 1 ? '' : 's'}`;
  const which = drawn.length ? ` (cycle${drawn.length === 1 ? '' : 's'} ${rangeWords(drawn)})` : '';
  return { drawn, words: `Showing ${drawn.length} of ${asked}${which}; ${reasons.join('; ')}.` };
}
