/**
 * Recognises common non-cycler uploads by their magic bytes, so the error can say what the file
 * is ("a JPEG image") instead of only what it is not.
 */
const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file (decompress it first)' },
  { bytes: [0x89, 0x48, 0x44, 0x46], what: 'an HDF5 file' },
];

export function describeBinary(head: Uint8Array): string | null {
  for (const { bytes, what } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return what;
  }
  return null;
}

/** True when decoded text holds bytes no text export contains (NUL and most control characters). */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control += 1;
  }
  return control > sample.length * 0.01;
}
