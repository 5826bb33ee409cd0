/**
 * The codec of original files (issue 25, measurements/original-codec): `node --import tsx
 * --conditions=@batterydb/source packages/app/bench/original-codec.ts [--rounds 5]`.
 * On the bench's synthetic 300k-sample Arbin-style CSV, in 1 MiB pieces as they are stored:
 * - the columnar transform's encode and decode in samples/s of CPU time (process.cpuUsage, so
 *   other load on the machine moves it less than wall time), median of the rounds;
 * - the store step per piece, old (gzip level 4) against new (compressPiece: encode, brotli,
 *   decode and compare, gzip until it loses), run alternately: the ratio of their wall times;
 * - bytes per sample of each;
 * and with CYCLER_DATA (default ../shared/data/cyclers beside the repository) each real file's
 * stored size, gzip against compressPiece, and which way each piece went.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { CYCLER_DATA, HAVE_CYCLER_DATA } from '../../../test-support/cycler-data.ts';
import { syntheticCyclerCsvChunks } from '../src/cycler/index.ts';
import { FILE_CHUNK_BYTES } from '../src/measurements/file-bytes.ts';
import { decodeColumns } from '../src/measurements/original-codec/column-decoder.ts';
import { encodeColumns } from '../src/measurements/original-codec/column-encoder.ts';
import { compressPiece } from '../src/measurements/original-codec/compress-piece.ts';

const gzip = promisify(gzipCallback);
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Math.max(1, Number(values.rounds));
const SAMPLES = 300_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pieces = (bytes: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += FILE_CHUNK_BYTES)
    out.push(bytes.subarray(at, at + FILE_CHUNK_BYTES));
  return out;
};
const cpuMs = (fn: () => void): number => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const wallMs = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const run = { cycles: 150, pointsPerHalfCycle: 1000, capacityAh: 2.5, fadePerCycle: 1e-4, seed: 42 };
const csv = Buffer.concat([...syntheticCyclerCsvChunks(run)].map((c) => Buffer.from(c)));
const parts = pieces(csv);
const encodeRates: number[] = [];
const decodeRates: number[] = [];
const storeRatios: number[] = [];
let oldBytes = 0;
let newBytes = 0;
for (let round = 0; round < rounds; round += 1) {
  let forms: Uint8Array[] = [];
  encodeRates.push(SAMPLES / cpuMs(() => (forms = parts.map((p) => encodeColumns(p)))) / 1000);
  decodeRates.push(SAMPLES / cpuMs(() => forms.forEach((f) => decodeColumns(f))) / 1000);
  // Old and new store steps alternately, each over every piece in turn (as storeFileBytes does).
  oldBytes = newBytes = 0;
  const old = await wallMs(async () => {
    for (const p of parts) oldBytes += (await gzip(p, { level: 4 })).length;
  });
  const now = await wallMs(async () => {
    for (const p of parts) newBytes += (await compressPiece(p)).bytes.length;
  });
  storeRatios.push(now / old);
}
console.log(
  `synthetic CSV ${(csv.length / SAMPLES).toFixed(1)} B/sample · columnar encode ${median(encodeRates).toFixed(2)} M samples/s, ` +
    `decode ${median(decodeRates).toFixed(2)} M samples/s (CPU, median of ${rounds}) · stored ${(oldBytes / SAMPLES).toFixed(2)} → ` +
    `${(newBytes / SAMPLES).toFixed(2)} B/sample · store step wall new/old ${median(storeRatios).toFixed(2)} ` +
    `(${Math.min(...storeRatios).toFixed(2)}–${Math.max(...storeRatios).toFixed(2)})`,
);

if (HAVE_CYCLER_DATA) {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.md') ? [] : [path];
    });
  for (const file of walk(CYCLER_DATA)) {
    const bytes = readFileSync(file);
    let gz = 0;
    let stored = 0;
    const kinds: string[] = [];
    for (const p of pieces(bytes)) {
      gz += (await gzip(p, { level: 4 })).length;
      const piece = await compressPiece(p);
      stored += piece.bytes.length;
      kinds.push(piece.compression ?? 'none');
    }
    console.log(
      `${relative(CYCLER_DATA, file)}: ${bytes.length} B, gzip ${gz}, stored ${stored} (${(gz / stored).toFixed(2)}× smaller than gzip, ` +
        `${(bytes.length / stored).toFixed(1)}× the original) · ${kinds.join(' ')}`,
    );
  }
}
console.log(
  `machine: ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
