/**
 * The plot page's cycle chooser (public/js/cycle-request.js, issue 21): what is asked for is
 * never silently dropped. Properties over any request and any set of existing cycles: the cycles
 * drawn are asked for, exist, ascend, number at most the cap, and are the first such; whenever
 * fewer are drawn than asked the sentence says "Showing <drawn> of <asked>"; and the ranges'
 * words name exactly the numbers they came from. The module is the browser's own file, loaded
 * as it is served (no build step), so the page and this test run the same code.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';

interface CycleRequestModule {
  MOST_CYCLES: number;
  parseCycleRequest: (text: string) => { numbers: number[]; asked: number };
  rangeWords: (numbers: number[]) => string;
  cyclesToDraw: (
    request: { numbers: number[]; asked: number },
    existing: Set<number>,
    most?: number,
  ) => { drawn: number[]; words: string };
}

const modulePath = new URL('../../public/js/cycle-request.js', import.meta.url).href;
const { MOST_CYCLES, parseCycleRequest, rangeWords, cyclesToDraw } = (await import(
  modulePath
)) as CycleRequestModule;

/** "3-7" → 3..7; words back to numbers, to check rangeWords against. */
function wordsToNumbers(words: string): number[] {
  return words
    .split(', ')
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('–').map(Number);
      return Array.from({ length: to! - from! + 1 }, (_, k) => from! + k);
    });
}

const piece = fc.oneof(
  fc.nat({ max: 300 }).map(String),
  fc
    .tuple(fc.nat({ max: 300 }), fc.nat({ max: 300 }), fc.constantFrom('-', '–'))
    .map(([a, b, d]) => `${a}${d}${b}`),
  fc.constantFrom('x', '-3', '2.5', ''),
);
const requestText = fc
  .array(piece, { maxLength: 8 })
  .chain((parts) => fc.constantFrom(', ', ' ', ';', ',').map((sep) => parts.join(sep)));

describe('cycle chooser: asked, drawn and said', () => {
  test('examples: ranges, repeats and what is not a cycle number', () => {
    assert.deepEqual(parseCycleRequest('3, 1-2; 2–4 x 2.5 -3'), { numbers: [1, 2, 3, 4], asked: 4 });
    assert.equal(parseCycleRequest('1-1000000').asked, 1_000_000, 'a huge range counted, not listed');
    assert.equal(rangeWords([1, 2, 3, 7, 9, 10]), '1–3, 7, 9–10');
    const existing = new Set(Array.from({ length: 36 }, (_, k) => k + 1));
    assert.deepEqual(cyclesToDraw(parseCycleRequest('2, 4'), existing), { drawn: [2, 4], words: '' });
    assert.equal(
      cyclesToDraw(parseCycleRequest('1-100'), existing).words,
      'Showing 20 of 100 requested cycles (cycles 1–20); 64 of them do not exist (the chosen cells have cycles 1–36); at most 20 are drawn at once: narrow the range to see others.',
    );
  });

  test('drawn ⊆ asked ∩ existing, ascending, the first ones, at most the cap; fewer drawn is always said', () => {
    fc.assert(
      fc.property(
        requestText,
        fc.uniqueArray(fc.nat({ max: 320 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: MOST_CYCLES }),
        (text, have, most) => {
          const request = parseCycleRequest(text);
          const existing = new Set(have);
          const { drawn, words } = cyclesToDraw(request, existing, most);
          const candidates = request.numbers.filter((n) => existing.has(n));
          assert.deepEqual(drawn, candidates.slice(0, most));
          assert.ok(drawn.every((n, i) => i === 0 || n > drawn[i - 1]!));
          assert.ok(request.asked >= request.numbers.length);
          if (drawn.length < request.asked)
            assert.ok(
              words.startsWith(`Showing ${drawn.length} of ${request.asked.toLocaleString('en')} requested`),
              words,
            );
          else assert.equal(words, '');
          if (candidates.length > most) assert.match(words, /narrow the range/);
        },
      ),
    );
  });

  test('range words name exactly their numbers', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 500 }), { maxLength: 60 }), (numbers) => {
        const sorted = [...numbers].sort((a, b) => a - b);
        assert.deepEqual(wordsToNumbers(rangeWords(sorted)), sorted);
      }),
    );
  });
});
