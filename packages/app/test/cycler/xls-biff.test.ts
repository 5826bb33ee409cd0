import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRk } from '../../src/cycler/xls/biff-records.ts';
import { readSharedStrings, readShortString } from '../../src/cycler/xls/biff-strings.ts';

function rkOfDouble(value: number): number {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value, 0);
  return bytes.readInt32LE(4); // the high 30 bits of the double, flags 0
}

describe('BIFF8 records', () => {
  it('decodes RK numbers: integers, hundredths and truncated doubles', () => {
    assert.equal(decodeRk((1234 << 2) | 0x02), 1234);
    assert.equal(decodeRk((-7 << 2) | 0x02), -7);
    assert.equal(decodeRk((163 << 2) | 0x03), 1.63);
    assert.equal(decodeRk(rkOfDouble(2.5)), 2.5);
    assert.equal(decodeRk(rkOfDouble(-1.63 * 100) | 0x01), -1.63);
  });

  it('reads the shared string table across CONTINUE records, including a split mid-string', () => {
    const counts = Buffer.alloc(8);
    counts.writeUInt32LE(3, 0);
    counts.writeUInt32LE(3, 4);
    const compressed = (text: string): Buffer =>
      Buffer.concat([Buffer.from([text.length, 0, 0x00]), Buffer.from(text, 'latin1')]);
    // "Cur(mA)" compressed; then "CapaCity(mAh)" split after "CapaC": the CONTINUE restarts with
    // a flags byte saying the rest is UTF-16; then "Ω" as UTF-16 in the same CONTINUE.
    const first = Buffer.concat([
      counts,
      compressed('Cur(mA)'),
      Buffer.from([13, 0, 0x00]),
      Buffer.from('CapaC', 'latin1'),
    ]);
    const second = Buffer.concat([
      Buffer.from([0x01]),
      Buffer.from('ity(mAh)', 'utf16le'),
      Buffer.from([1, 0, 0x01]),
      Buffer.from('Ω', 'utf16le'),
    ]);
    assert.deepEqual(readSharedStrings([first, second]), ['Cur(mA)', 'CapaCity(mAh)', 'Ω']);
  });

  it('skips formatting runs and phonetic data of rich strings', () => {
    const counts = Buffer.alloc(8);
    counts.writeUInt32LE(2, 4);
    const rich = Buffer.concat([
      Buffer.from([2, 0, 0x0c, 1, 0, 4, 0, 0, 0]), // cch 2, rich + phonetic, 1 run, 4 bytes ext
      Buffer.from('ab', 'latin1'),
      Buffer.alloc(4 + 4, 9),
    ]);
    const plain = Buffer.concat([Buffer.from([1, 0, 0]), Buffer.from('c', 'latin1')]);
    assert.deepEqual(readSharedStrings([Buffer.concat([counts, rich, plain])]), ['ab', 'c']);
  });

  it('reads sheet names in both encodings', () => {
    assert.equal(
      readShortString(Buffer.concat([Buffer.from([4, 0]), Buffer.from('Info', 'latin1')]), 0),
      'Info',
    );
    assert.equal(
      readShortString(Buffer.concat([Buffer.from([2, 1]), Buffer.from('表1', 'utf16le')]), 0),
      '表1',
    );
  });
});
