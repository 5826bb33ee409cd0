/**
 * Workbooks and other containers built to hurt: zip bombs, lying sizes, entity declarations,
 * formulas, absurd cell references, truncation, and a 200 MB file on one line. Each is refused
 * with a CyclerParseError whose message says what is wrong (and where), never a raw JS error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { chunksOf, collect, CYCLER_DATA, HAVE_CYCLER_DATA, parseError } from './support.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { lanheRow, lanheSheet, workbook, zip } from '../support/zip-writer.ts';

const ROWS = [
  lanheRow(2, [1, 0, 0, 3.5, 1, 1]),
  lanheRow(3, [2, 10, 100, 3.6, 1, 2]),
  lanheRow(4, [3, 20, -100, 3.4, 1, 3]),
];

/** `bytes` of "1111…" without a line break, made as they are read (never held whole). */
async function* lazyLine(bytes: number, chunk = 2 ** 20): AsyncGenerator<Buffer> {
  const piece = Buffer.alloc(chunk, 0x31);
  for (let sent = 0; sent < bytes; sent += chunk) yield await Promise.resolve(piece);
}

describe('hostile and broken containers', () => {
  it('a well-formed minimal LANHE workbook reads (the baseline of the cases below)', async () => {
    const { parsed, points } = await collect(chunksOf(zip(workbook(lanheSheet(ROWS)))));
    assert.equal(parsed.format, 'lanhe-xlsx');
    assert.deepEqual(
      points.map((p) => [p.timeS, p.currentA, p.voltageV]),
      [
        [0, 0, 3.5],
        [10, 0.1, 3.6],
        [20, -0.1, 3.4],
      ],
    );
  });

  it('a zip bomb (a sheet that would expand 1000×) is refused before inflating', async () => {
    const bomb = lanheSheet(ROWS).replace('<sheetData>', `<sheetData>${' '.repeat(50 * 2 ** 20)}`);
    const error = await parseError(chunksOf(zip(workbook(bomb))));
    assert.equal(error.reason, 'unsafe-container');
    assert.match(error.message, /would expand \d+ times .*zip bomb/);
  });

  it('a part that lies about its size is caught while inflating', async () => {
    const parts = workbook(lanheSheet(ROWS));
    parts[3] = { ...parts[3]!, declaredSize: 10 };
    const error = await parseError(chunksOf(zip(parts)));
    assert.equal(error.reason, 'damaged-container');
    assert.match(error.message, /damaged or truncated/);
  });

  it('a document type declaration (entity bombs) is refused', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>';
    const error = await parseError(chunksOf(zip(workbook(lanheSheet(ROWS, laughs)))));
    assert.equal(error.reason, 'unsafe-container');
    assert.match(error.message, /declares a document type/);
  });

  it('formulas are never evaluated: the cached value is the cell, and a huge formula costs nothing', async () => {
    const huge = `SUM(${'A1+'.repeat(200_000)}A1)`;
    const rows = [
      lanheRow(2, [1, 0, 0, 3.5, 1, 1]),
      `<row r="3"><c r="A3"><v>2</v></c><c r="B3"><v>10</v></c><c r="C3"><f>${huge}</f><v>100</v></c>` +
        '<c r="D3"><f>1/0</f><v>3.6</v></c><c r="E3"><v>1</v></c><c r="F3"><v>2</v></c></row>',
    ];
    const { points } = await collect(chunksOf(zip(workbook(lanheSheet(rows)))));
    assert.deepEqual(
      points.map((p) => [p.currentA, p.voltageV]),
      [
        [0, 3.5],
        [0.1, 3.6],
      ],
    );
  });

  it('a formula without a cached value is a missing value, located by row and column', async () => {
    const rows = [
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>0</v></c><c r="C2"><v>0</v></c>' +
        '<c r="D2"><f>A1*2</f></c><c r="E2"><v>1</v></c><c r="F2"><v>1</v></c></row>',
    ];
    const error = await parseError(chunksOf(zip(workbook(lanheSheet(rows)))));
    assert.equal(error.reason, 'missing-value');
    assert.equal(error.line, 2);
    assert.equal(error.column, 'Voltage/V');
  });

  it('a cell reference beyond column XFD is refused with its row', async () => {
    const rows = [...ROWS, '<row r="5"><c r="ZZZZZZ5"><v>1</v></c></row>'];
    const error = await parseError(chunksOf(zip(workbook(lanheSheet(rows)))));
    assert.equal(error.reason, 'unsafe-container');
    assert.equal(error.line, 5);
  });

  it('a truncated .xlsx says where it ends', async () => {
    const bytes = readFileSync(fixture('lanhe/custom_data_002.xlsx'));
    const error = await parseError(chunksOf(bytes.subarray(0, 1_000_000)));
    assert.equal(error.reason, 'truncated');
    assert.match(error.message, /ends at byte 1,000,000 without the table of contents/);
  });

  it('a ZIP that is neither a workbook nor an .ndax is named as such', async () => {
    const error = await parseError(chunksOf(zip([{ name: 'notes.txt', data: 'hello' }])));
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(error.message, /neither an Excel \.xlsx workbook nor a Neware \.ndax/);
  });

  it('a Neware .nda of a version we do not read is refused by name, with the way out', async () => {
    const nda = Buffer.from(readFileSync(fixture('neware/navani_test.nda')));
    nda[14] = 130;
    const error = await parseError(chunksOf(nda));
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(
      error.message,
      /\.nda file is format version 130; we read version 29 .* export it as \.ndax or CSV/,
    );
  });

  it('a 200 MB file on one line says so, not "the file is empty"', async () => {
    const error = await parseError(lazyLine(200 * 2 ** 20));
    assert.equal(error.reason, 'line-too-long');
    assert.equal(error.line, 1);
    assert.match(error.message, /without a line break/);
    // Declared as a text format, the same file stops at the line reader's limit, also located.
    const declared = await parseError(lazyLine(200 * 2 ** 20), { format: 'arbin-csv' });
    assert.equal(declared.reason, 'line-too-long');
    assert.doesNotMatch(declared.message, /empty/);
  });

  if (!HAVE_CYCLER_DATA)
    console.log(`real cycler files not found at ${CYCLER_DATA}: truncated .xls test not registered`);
  else
    it('a truncated .xls gives a located message (bytes), never a raw JavaScript error', async () => {
      const bytes = readFileSync(path.join(CYCLER_DATA, 'neware/custom_data_003.xls'));
      for (const size of [40_000, 300_000, 592_435, bytes.length - 100]) {
        const error = await parseError(chunksOf(bytes.subarray(0, size)));
        assert.equal(error.reason, 'truncated', `${size}: ${error.message}`);
        assert.match(error.message, new RegExp(`ends at byte ${size.toLocaleString('en')}`));
        assert.doesNotMatch(error.message, /undefined|Cannot read|TypeError/);
      }
    });
});

describe('native encodings', () => {
  const NEWARE_CN =
    '数据序号,循环序号,工步号,工步类型,时间,总时间,电流(mA),电压(V),容量(mAh),充电容量(mAh),放电容量(mAh)\n' +
    '1,1,1,搁置,00:00:00,00:00:00,0,3.50,0,0,0\n' +
    '2,1,2,恒流充电,00:00:00,00:00:10,100,3.60,0,0,0\n' +
    '3,1,2,恒流充电,00:00:10,00:00:20,100,3.70,0.2778,0.2778,0\n' +
    '4,1,3,恒流放电,00:00:00,00:00:30,-100,3.60,0,0,0\n' +
    '5,1,3,恒流放电,00:00:10,00:00:40,-100,3.40,0.2778,0,0.2778\n';

  it('GB18030/GBK (Chinese Neware exports) is detected and decoded', async () => {
    const bytes = iconv.encode(NEWARE_CN, 'gbk');
    const { parsed, cycles, points } = await collect(chunksOf(bytes, 7));
    assert.equal(parsed.format, 'neware-csv');
    assert.equal(points.length, 5);
    assert.equal(points[4]?.currentA, -0.1);
    assert.equal(cycles[0]?.dischargeCapacityAh, 0.2778e-3);
  });

  it('UTF-16LE with a byte-order mark, in Chinese, gives the same points', async () => {
    const utf8 = await collect(chunksOf(Buffer.from(NEWARE_CN, 'utf8')));
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NEWARE_CN, 'utf16le')]);
    const utf16 = await collect(chunksOf(bytes, 333));
    assert.deepEqual(utf16.points, utf8.points);
  });

  it('Windows-1252 is detected where the bytes are not UTF-8, and a declared encoding wins', async () => {
    const maccor = readFileSync(fixture('maccor/maccor_002.txt')).subarray(0, 20_000);
    const cut = maccor.subarray(0, maccor.lastIndexOf(0x0a) + 1);
    const detected = await collect(chunksOf(cut));
    assert.match(detected.parsed.metadata['maccor.Description'] ?? '', /ÿ/);
    const declared = await collect(chunksOf(cut), { encoding: 'utf-8' });
    assert.match(declared.parsed.metadata['maccor.Description'] ?? '', /\uFFFD/);
  });
});
