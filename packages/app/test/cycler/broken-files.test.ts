/**
 * Bad uploads give a CyclerParseError whose message a scientist understands and that names the
 * line (and column where there is one). Fixtures are generated here; no real file is needed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CONTAINER_BYTES, syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { chunksOf, collect, parseError } from './support.ts';

const GOOD = syntheticCyclerCsv({
  cycles: 2,
  pointsPerHalfCycle: 5,
  capacityAh: 1,
  fadePerCycle: 0.01,
  seed: 7,
});
const LINES = GOOD.split('\r\n').filter((l) => l !== '');

function withLine(index: number, replace: (line: string) => string): string {
  return LINES.map((line, i) => (i === index ? replace(line) : line)).join('\r\n') + '\r\n';
}

function setField(line: string, field: number, value: string): string {
  return line
    .split(',')
    .map((f, i) => (i === field ? value : f))
    .join(',');
}

describe('broken cycler files', () => {
  it('an empty file', async () => {
    const error = await parseError(chunksOf(Buffer.alloc(0)));
    assert.equal(error.reason, 'empty-file');
    assert.equal(error.line, 1);
    assert.match(error.message, /empty/);
  });

  it('random text is not cycler data', async () => {
    const error = await parseError(chunksOf('Dear colleague,\nplease find the results attached.\nBest\n'));
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(error.message, /does not look like cycler data/);
  });

  it('a JPEG image says what it is', async () => {
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0'),
      Buffer.alloc(200, 7),
    ]);
    const error = await parseError(chunksOf(jpeg));
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(error.message, /JPEG image, not cycler data/);
  });

  it('a cut-off ZIP (an .xlsx or .ndax) is reported as truncated', async () => {
    const error = await parseError(chunksOf(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)])));
    assert.equal(error.reason, 'truncated');
    assert.match(error.message, /ends at byte 104 without the table of contents a ZIP keeps/);
  });

  it('arbitrary binary bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const error = await parseError(chunksOf(bytes));
    assert.equal(error.reason, 'unrecognised-format');
  });

  it('a file cut in the middle of a row is reported as truncated, with its line', async () => {
    const cut = GOOD.slice(0, GOOD.lastIndexOf('\r\n', GOOD.length - 3) + 2) + LINES.at(-1)?.slice(0, 20);
    const error = await parseError(chunksOf(cut, 37));
    assert.equal(error.reason, 'truncated');
    assert.equal(error.line, LINES.length);
    assert.match(error.message, /^Line 21: the file ends in the middle of this row .* truncated/);
  });

  it('a damaged .xls container', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600, 0xab),
    ]);
    const error = await parseError(chunksOf(ole));
    assert.equal(error.reason, 'damaged-container');
    assert.match(error.message, /\.xls file is damaged: its Office container \(608 bytes\) cannot be read/);
  });

  it('a row with a missing value is a ragged row, with its line', async () => {
    const error = await parseError(chunksOf(withLine(4, (l) => l.split(',').slice(0, -2).join(','))));
    assert.equal(error.reason, 'ragged-row');
    assert.equal(error.line, 5);
    assert.match(error.message, /^Line 5: this row has 9 values but the header has 11 columns/);
  });

  it('a row with an extra value is a ragged row too', async () => {
    const error = await parseError(chunksOf(withLine(3, (l) => `${l},42`)));
    assert.equal(error.reason, 'ragged-row');
    assert.equal(error.line, 4);
  });

  it('text in a numeric column names line and column', async () => {
    const error = await parseError(chunksOf(withLine(6, (l) => setField(l, 5, '3.2V!'))));
    assert.equal(error.reason, 'not-a-number');
    assert.equal(error.line, 7);
    assert.equal(error.column, 'Voltage');
    assert.equal(error.message, 'Line 7, column "Voltage": "3.2V!" is not a number.');
  });

  it('a missing required value (NaN voltage) names line and column', async () => {
    const error = await parseError(chunksOf(withLine(2, (l) => setField(l, 5, 'NaN'))));
    assert.equal(error.reason, 'missing-value');
    assert.equal(error.line, 3);
    assert.equal(error.column, 'Voltage');
  });

  it('NaN and N/A in optional columns are accepted as missing', async () => {
    const text = withLine(2, (l) => setField(setField(l, 10, 'NaN'), 9, 'N/A'));
    const { points } = await collect(chunksOf(text));
    assert.equal(points[1]?.temperatureC, null);
    assert.equal(points[1]?.dischargeEnergyWh, null);
    assert.ok(points.every((p, i) => i === 1 || p.temperatureC !== null));
  });

  it('a decimal comma in a comma-separated file is a ragged row with a clear hint', async () => {
    const error = await parseError(chunksOf(withLine(1, (l) => setField(l, 5, '3,71'))));
    assert.equal(error.reason, 'ragged-row');
    assert.equal(error.line, 2);
    assert.match(error.message, /decimal comma \(3,71\) in a comma-separated file/);
  });

  it('a cycle number that is not whole is rejected', async () => {
    const error = await parseError(chunksOf(withLine(2, (l) => setField(l, 3, '1.5'))));
    assert.equal(error.reason, 'not-a-number');
    assert.equal(error.column, 'Cycle_Index');
  });

  it('column names without data rows', async () => {
    const error = await parseError(chunksOf(`${LINES[0] ?? ''}\r\n`));
    assert.equal(error.reason, 'no-data');
  });

  it('a header that lacks a required column names it', async () => {
    const text = 'DataPoint,Cycle Index,Step Index,Step Type,Current(A),Voltage(V)\n1,1,1,Rest,0,3.1\n';
    const error = await parseError(chunksOf(text));
    assert.equal(error.reason, 'missing-column');
    assert.equal(error.line, 1);
    assert.match(error.message, /no cumulative time column \(looked for "Cumulative Time", "Total Time"\)/);
  });

  it('a forced format that does not match the content', async () => {
    const error = await parseError(chunksOf(GOOD), { format: 'maccor-text' });
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(error.message, /maccor-text/);
  });

  it('a container larger than the buffering limit', async () => {
    const mib = Buffer.alloc(2 ** 20);
    Buffer.from('BIO-LOGIC MODULAR FILE\x1a', 'latin1').copy(mib);
    async function* huge(): AsyncGenerator<Buffer> {
      for (let i = 0; i <= MAX_CONTAINER_BYTES / 2 ** 20; i += 1) {
        await Promise.resolve();
        yield mib;
      }
    }
    const error = await parseError(huge());
    assert.equal(error.reason, 'too-large');
    assert.match(error.message, /larger than 256 MiB/);
  });
});
