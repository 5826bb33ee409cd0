import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { chunksOf, collect } from './support.ts';

const ARBIN = syntheticCyclerCsv({
  cycles: 2,
  pointsPerHalfCycle: 20,
  capacityAh: 1.1,
  fadePerCycle: 0.01,
  seed: 3,
});

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) {
    const a = le[i] ?? 0;
    le[i] = le[i + 1] ?? 0;
    le[i + 1] = a;
  }
  return le;
}

describe('text encodings', () => {
  const reference = collect(chunksOf(ARBIN));

  for (const [name, bytes] of [
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARBIN)])],
    [
      'UTF-16LE with a byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ARBIN, 'utf16le')]),
    ],
    ['UTF-16BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(ARBIN)])],
    ['UTF-16LE without a byte-order mark', Buffer.from(ARBIN, 'utf16le')],
  ] as const) {
    it(`${name} is decoded and gives the same points`, async () => {
      assert.equal(detectFormat(bytes.subarray(0, 4096)), 'arbin-csv');
      // Odd chunk sizes split UTF-16 code units across chunks.
      const { points } = await collect(chunksOf(bytes, 333));
      assert.deepEqual(points, (await reference).points);
    });
  }

  it('Latin-1 / Windows-1252 text is read, its degree sign as well', async () => {
    const text =
      'EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\tI/mA\tTemperature/\u00b0C\n0\t3.5\t1\t25\n1\t3.6\t1\t26\n';
    const { points } = await collect(chunksOf(Buffer.from(text, 'latin1')));
    assert.deepEqual(
      points.map((p) => p.temperatureC),
      [25, 26],
    );
  });
});

describe('detectFormat', () => {
  it('uses content, not names: a Maccor export with a numeric extension', () => {
    const head = Buffer.from(
      "Today's Date 01/01/2020\nRec#\tCyc#\tStep\tTest (Sec)\tAmps\tVolts\n1\t0\t1\t0\t0\t3.7\n",
    );
    assert.equal(detectFormat(head), 'maccor-text');
  });

  it('recognises the containers by their magic numbers', () => {
    assert.equal(detectFormat(Buffer.from('BIO-LOGIC MODULAR FILE\x1a   ', 'latin1')), 'biologic-mpr');
    assert.equal(
      detectFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      'neware-xls',
    );
  });

  it('recognises BT-Lab as well as EC-Lab text', () => {
    assert.equal(
      detectFormat(Buffer.from('BT-Lab ASCII FILE\r\nNb header lines : 103\r\n')),
      'biologic-text',
    );
    assert.equal(detectFormat(Buffer.from('EC-Lab ASCII FILE\nNb header lines : 3\n')), 'biologic-text');
  });

  it('tells BDF machine names, batterydata and Arbin apart', () => {
    assert.equal(
      detectFormat(Buffer.from('test_time_second,voltage_volt,current_ampere\n0,3,0\n')),
      'bdf-csv',
    );
    assert.equal(
      detectFormat(Buffer.from('Cycle_Index,Step,Time_s,Current_A,Voltage_V\n')),
      'batterydata-raw',
    );
    assert.equal(detectFormat(Buffer.from('Cycle_Index,Cycle_Label,Q_chg,Q_dis\n')), 'batterydata-summary');
    assert.equal(detectFormat(Buffer.from(ARBIN.slice(0, 500))), 'arbin-csv');
  });

  it('returns null for what it does not know', () => {
    assert.equal(detectFormat(Buffer.alloc(0)), null);
    assert.equal(detectFormat(Buffer.from('time,value\n1,2\n')), null);
    assert.equal(detectFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), null);
  });
});
