/**
 * Neware .ndc files (the parts of an .ndax, SOURCES: fixtures/cyclers/README.md). Byte 0 is the
 * file type (1 samples, 7 steps, 18 run info), byte 2 the format version. After a 4096-byte
 * header come 4096-byte pages; each page holds fixed-size records after a 132-byte (version 5:
 * 125-byte) page header, up to a version-specific tail. The layouts below are from reading the
 * open-source NewareNDA reader (BSD-3-Clause, SES AI) and checking them against the fixture files;
 * no code of it is copied.
 */
export const NDC_PAGE = 4096;

export interface NdcFile {
  type: number;
  version: number;
  bytes: Buffer;
}

export function ndcFile(bytes: Buffer): NdcFile {
  return { type: bytes[0] ?? -1, version: bytes[2] ?? -1, bytes };
}

/** Offsets (in the whole file) of every record of `size` bytes in the page area [start, PAGE - tail). */
export function* ndcRecords(file: NdcFile, start: number, tail: number, size: number): Generator<number> {
  for (let page = NDC_PAGE; page + NDC_PAGE <= file.bytes.length; page += NDC_PAGE) {
    for (let offset = page + start; offset + size <= page + NDC_PAGE - tail; offset += size) yield offset;
  }
}

/** Current range → the factor that turns the raw integers of version-5 records into mA (and mAs). */
export const RANGE_FACTOR: Readonly<Record<number, number>> = {
  [-100000000]: 10,
  ...Object.fromEntries(
    [
      -200000, -100000, -60000, -50000, -40000, -30000, -20000, -12000, -10000, -6000, -5000, -3000, -2000,
      -1000,
    ].map((r) => [r, 1e-2]),
  ),
  [-500]: 1e-3,
  [-100]: 1e-3,
  ...Object.fromEntries([-50, -25, -20, -10].map((r) => [r, 1e-4])),
  ...Object.fromEntries([-5, -2, -1].map((r) => [r, 1e-5])),
  0: 0,
  ...Object.fromEntries([1, 2, 5].map((r) => [r, 1e-4])),
  ...Object.fromEntries([10, 20, 25, 50].map((r) => [r, 1e-3])),
  ...Object.fromEntries([100, 200, 250, 500].map((r) => [r, 1e-2])),
  ...Object.fromEntries(
    [1000, 6000, 10000, 12000, 20000, 30000, 40000, 50000, 60000, 100000, 200000].map((r) => [r, 1e-1]),
  ),
};
