/**
 * The columnar codec for original files (issue 25) is lossless on any bytes: arbitrary byte
 * arrays, and text built to hit every edge of its number rule (signs, leading zeros, "-0",
 * "-0.0", 15 and 16 digits, empty fields, CRLF, quotes, commas in quotes, ragged lines, a piece
 * cut mid-line or mid-number, non-ASCII bytes, no final newline). A damaged form is an error.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FILE_CHUNK_BYTES } from '../../src/measurements/file-bytes.ts';
import { decodeColumns } from '../../src/measurements/original-codec/column-decoder.ts';
import { encodeColumns } from '../../src/measurements/original-codec/column-encoder.ts';
import { decodePiece, encodePiece } from '../../src/measurements/original-codec/original-codec.ts';

const roundTrip = (bytes: Uint8Array): void => {
  const back = decodeColumns(encodeColumns(bytes));
  assert.ok(back.equals(bytes), `round trip of ${JSON.stringify(Buffer.from(bytes).toString('latin1'))}`);
};

/** Fields that sit on either side of the "plain decimal" rule, and some that are not numbers. */
const field = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-0',
    '0.0',
    '-0.0',
    '00',
    '01',
    '-01',
    '1.',
    '.5',
    '-.5',
    '+1',
    '1e5',
    '2.54E-11',
  ),
  fc.constantFrom('"a,b"', '"', '""', 'NaN', '12/01/2023 10:00:00', '\u00e9', '\u00b0C', ' 1', '1 '),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc
    .tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 0, max: 9 }))
    .map(([n, d]) => (n / 10 ** d).toFixed(d)),
  // 14 to 17 digits: the limit of exact integers is crossed.
  fc.stringMatching(/^-?[1-9][0-9]{13,16}$/),
  fc.stringMatching(/^-?[0-9]{1,9}\.[0-9]{1,9}$/),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const separator = fc.constantFrom(',', '\t', ';');
const csvText = fc
  .tuple(
    separator,
    fc.array(
      fc.tuple(fc.array(field, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r\r\n')),
      {
        maxLength: 40,
      },
    ),
    fc.boolean(),
  )
  .map(([sep, lines, finalNewline]) => {
    const text = lines.map(([fields, end]) => fields.join(sep) + end).join('');
    return Buffer.from(finalNewline ? text : text.replace(/\r?\n$/, ''), 'utf8');
  });

describe('the columnar codec of original files', () => {
  test('arbitrary bytes come back byte for byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => roundTrip(bytes)),
      { numRuns: 500 },
    );
  });

  test('CSV-like text comes back byte for byte, cut anywhere', () => {
    fc.assert(
      fc.property(csvText, fc.nat(), fc.nat(), (text, a, b) => {
        roundTrip(text);
        // A piece of a file starts and ends wherever 1 MiB falls: mid-line, mid-number.
        const start = text.length === 0 ? 0 : a % text.length;
        roundTrip(text.subarray(start, start + (b % (text.length + 1))));
      }),
      { numRuns: 1000 },
    );
  });

  test('a long column of decimals whose count of decimals and size keep changing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 15 })),
        ),
        (values) => {
          const text = values.map(([v, d]) => (Math.abs(v) < 1e21 ? v.toFixed(d) : String(v))).join('\n');
          roundTrip(Buffer.from(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the stored form (brotli) round-trips and is smaller than the text on cycler-like data', async () => {
    const lines = ['Data_Point,Test_Time,Current,Voltage\r\n'];
    for (let i = 1; i <= 5000; i += 1)
      lines.push(
        `${i},${(i * 7.2).toFixed(3)},-1.250000,${(3.7 - i * 1e-5 + (i % 7) * 1e-5).toFixed(5)}\r\n`,
      );
    const text = Buffer.from(lines.join(''));
    const stored = await encodePiece(text);
    assert.ok((await decodePiece(stored)).equals(text));
    assert.ok(stored.length * 20 < text.length, `${stored.length} bytes stored for ${text.length}`);
  });

  test('a line of more fields than columns kept (binary data, a piece of commas) stays one piece of text', () => {
    const commas = Buffer.alloc(FILE_CHUNK_BYTES, ',');
    const before = process.memoryUsage().heapUsed;
    const form = encodeColumns(commas);
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 2 ** 20, 'no column per comma');
    assert.ok(decodeColumns(form).equals(commas));
    roundTrip(Buffer.from(`${'1,'.repeat(3000)}\n${'2,'.repeat(1500)}x\r\n3`));
  });

  test('a damaged form is an error, never other bytes', () => {
    const text = Buffer.from('a,1,2.5\r\nb,2,2.75\r\nc,3,3\n');
    const form = encodeColumns(text);
    fc.assert(
      fc.property(fc.nat(form.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const damaged = Uint8Array.from(form);
        damaged[at]! ^= flip;
        let back: Buffer | null = null;
        try {
          back = decodeColumns(damaged);
        } catch {
          return;
        }
        // A flip the checks cannot see (a verbatim byte, a digit) changes the output: the store-time
        // comparison (compress-piece.ts) and the file's SHA-256 catch those, not the decoder.
        assert.ok(back.length === text.length);
      }),
      { numRuns: 300 },
    );
  });
});
