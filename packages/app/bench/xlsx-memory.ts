/**
 * Peak memory of reading a large .xlsx cycler export: `node --import tsx packages/app/bench/xlsx-memory.ts
 * [--mb 200] [--exceljs DIR]`. Writes a LANHE-style workbook of about `--mb` MB (a Cycle-Tab sheet and a
 * Record-Tab sheet of samples, shared strings after the sheets as Excel writes them), then reads it in
 * a fresh child process per reader and prints each reader's peak RSS (getrusage maxRSS) and time:
 * - `batterydb`: this project's reader (zip/ + xlsx/: yauzl directory + saxes), through parseCyclerFile
 *   given the file on disk as the import does (`batterydb-buffered`: from the stream alone, buffered);
 * - `exceljs`: ExcelJS's streaming WorkbookReader (install it anywhere and pass `--exceljs DIR`,
 *   the folder holding its node_modules; it is not a dependency of the project).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crc32, createDeflateRaw } from 'node:zlib';
import { parseCyclerFile } from '../src/cycler/index.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200' },
    exceljs: { type: 'string' },
    read: { type: 'string' },
    file: { type: 'string' },
  },
});

/** Child mode: read `file` with one reader and print JSON {rows, ms, maxRssMb}. */
async function readWith(reader: string, file: string): Promise<void> {
  const start = process.hrtime.bigint();
  let rows = 0;
  if (reader.startsWith('batterydb')) {
    // As the import calls it (the spooled upload on disk), or from the stream alone (buffered).
    const parsed = await parseCyclerFile(
      createReadStream(file, { highWaterMark: 256 * 1024 }),
      reader === 'batterydb-buffered' ? {} : { file },
    );
    if (parsed.kind !== 'time-series') throw new Error('not a time series');
    for await (const batch of parsed.batches) rows += batch.length;
  } else {
    const { createRequire } = await import('node:module');
    const require = createRequire(join(values.exceljs ?? '.', 'package.json'));
    const ExcelJS = require('exceljs') as {
      stream: {
        xlsx: {
          WorkbookReader: new (path: string, options: object) => AsyncIterable<AsyncIterable<unknown>>;
        };
      };
    };
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const sheet of workbook) for await (const row of sheet) if (row) rows += 1;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    JSON.stringify({ rows, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
  );
}

const HEADER = [
  'Record',
  'TestTime/Sec',
  'StepTime/Sec',
  'Current/mA',
  'Capacity/mAh',
  'SpeCap/mAh/g',
  'SOC|DOD/%',
  'Voltage/V',
  'Energy/mWh',
  'SpeEnergy/Wh/kg',
  'AuxTemp/dC.',
  'AuxVolt/V',
  'SysTime',
  'Cycle-Index',
  'Step-Index',
  'Step-State',
];

/** Streams a deflated ZIP entry (data descriptor after it), returning what the central directory needs. */
/** Bytes handed to the output so far (a stream's bytesWritten lags behind its queue). */
let written = 0;

async function writeEntry(
  out: NodeJS.WritableStream,
  name: string,
  body: () => Generator<string>,
): Promise<{ name: string; offset: number; crc: number; packed: number; size: number }> {
  const offset = written;
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0008, 6); // sizes in a data descriptor
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  const local = Buffer.concat([header, Buffer.from(name)]);
  out.write(local);
  written += local.length;
  const deflate = createDeflateRaw({ level: 6 });
  let crc = 0;
  let size = 0;
  let packed = 0;
  deflate.on('data', (chunk: Buffer) => {
    packed += chunk.length;
    written += chunk.length;
    if (!out.write(chunk)) deflate.pause();
  });
  out.on('drain', () => deflate.resume());
  for (const text of body()) {
    const bytes = Buffer.from(text);
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(crc >>> 0, 4);
  descriptor.writeUInt32LE(packed, 8);
  descriptor.writeUInt32LE(size, 12);
  out.write(descriptor);
  written += descriptor.length;
  return { name, offset, crc: crc >>> 0, packed, size };
}

async function writeWorkbook(path: string, targetMb: number): Promise<number> {
  const out = createWriteStream(path);
  const entries = [];
  const cell = (col: number, row: number, inner: string, type = '') =>
    `<c r="${String.fromCharCode(65 + col)}${row}"${type}>${inner}</c>`;
  entries.push(
    await writeEntry(out, '[Content_Types].xml', function* () {
      yield '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
    }),
    await writeEntry(out, 'xl/workbook.xml', function* () {
      yield '<workbook><sheets><sheet name="Cycle-Tab" sheetId="1" r:id="rId1"/><sheet name="Record-Tab" sheetId="2" r:id="rId2"/></sheets></workbook>';
    }),
    await writeEntry(out, 'xl/_rels/workbook.xml.rels', function* () {
      yield '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>';
    }),
    await writeEntry(out, 'xl/worksheets/sheet1.xml', function* () {
      yield '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>16</v></c></row></sheetData></worksheet>';
    }),
  );
  // About 88 bytes of deflated XML per sample row (measured on the first MB); stop near the target.
  let record = 0;
  const target = targetMb * 1e6;
  entries.push(
    await writeEntry(out, 'xl/worksheets/sheet2.xml', function* () {
      yield `<worksheet><sheetData><row r="1">${HEADER.map((_, i) => cell(i, 1, `<v>${i}</v>`, ' t="s"')).join('')}</row>`;
      let cycle = 1;
      let step = 1;
      while (written < target) {
        const rows: string[] = [];
        for (let k = 0; k < 1000; k += 1) {
          record += 1;
          const r = record + 1;
          if (record % 2000 === 0) step += 1;
          if (record % 8000 === 0) cycle += 1;
          const t = record * 30;
          const current = step % 2 === 0 ? -0.1457 : 0.1457;
          const v = 3 + 0.7 * Math.sin(record / 317) + (record % 97) * 1e-5;
          const values = [
            record,
            t,
            t % 60000,
            current,
            (record % 2000) * 0.00121 + Math.random() * 1e-6,
            319.7,
            (record % 2000) / 20,
            v,
            v * 0.0012 * (record % 2000),
            8.53,
            0,
            0,
            44252.5 + t / 86400,
            cycle,
            step,
          ];
          rows.push(
            `<row r="${r}">${values.map((x, i) => cell(i, r, `<v>${x}</v>`)).join('')}${cell(15, r, '<v>17</v>', ' t="s"')}</row>`,
          );
        }
        yield rows.join('');
      }
      yield '</sheetData></worksheet>';
    }),
    // Excel writes the shared strings after the sheets: a front-to-back reader meets them last.
    await writeEntry(out, 'xl/sharedStrings.xml', function* () {
      yield `<sst>${[...HEADER, 'RateD'].map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
    }),
  );
  const start = written;
  const directory = entries.map((e) => {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0008, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(e.crc, 16);
    c.writeUInt32LE(e.packed, 20);
    c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(Buffer.byteLength(e.name), 28);
    c.writeUInt32LE(e.offset, 42);
    return Buffer.concat([c, Buffer.from(e.name)]);
  });
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(start, 16);
  out.end(Buffer.concat([dir, end]));
  await once(out, 'finish');
  return record;
}

if (values.read !== undefined && values.file !== undefined) {
  await readWith(values.read, values.file);
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'batterydb-xlsx-memory-'));
  try {
    const file = join(scratch, 'large.xlsx');
    console.error(`writing a workbook of about ${values.mb} MB…`);
    const rows = await writeWorkbook(file, Number(values.mb));
    console.log(
      `workbook: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en')} sample rows`,
    );
    console.log('| reader | rows | s | peak RSS (MB) |\n|---|---:|---:|---:|');
    for (const reader of [
      'batterydb',
      'batterydb-buffered',
      ...(values.exceljs === undefined ? [] : ['exceljs']),
    ]) {
      const args = ['--import', 'tsx', new URL(import.meta.url).pathname, '--read', reader, '--file', file];
      if (values.exceljs !== undefined) args.push('--exceljs', values.exceljs);
      const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 2 ** 24 });
      if (child.status !== 0) {
        console.error(child.stderr);
        console.log(`| ${reader} | failed (see above) | | |`);
        continue;
      }
      const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
        rows: number;
        ms: number;
        maxRssMb: number;
      };
      console.log(
        `| ${reader} | ${result.rows.toLocaleString('en')} | ${(result.ms / 1000).toFixed(1)} | ${result.maxRssMb} |`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
