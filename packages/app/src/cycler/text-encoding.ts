/**
 * Text encodings of uploaded cycler exports. Windows tools (BioLogic, Neware, Excel "Unicode text")
 * sometimes write UTF-16; we decode it rather than reject it, because the scientist cannot easily
 * re-export from an instrument PC. Anything else is read as UTF-8 with replacement characters: the
 * numbers are ASCII either way, and only names such as "°C" can come out mangled (BioLogic files
 * already contain U+FFFD there, see SOURCES.md A3).
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export function sniffEncoding(head: Uint8Array): TextEncodingName {
  const [b0, b1, b2] = head;
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  // UTF-16 without a byte-order mark: ASCII text shows as every other byte being zero.
  const sample = head.subarray(0, Math.min(head.length, 512) & ~1);
  if (sample.length >= 8) {
    let zeroEven = 0;
    let zeroOdd = 0;
    for (let i = 0; i < sample.length; i += 2) {
      if (sample[i] === 0) zeroEven += 1;
      if (sample[i + 1] === 0) zeroOdd += 1;
    }
    const pairs = sample.length / 2;
    if (zeroOdd > pairs * 0.9 && zeroEven < pairs * 0.1) return 'utf-16le';
    if (zeroEven > pairs * 0.9 && zeroOdd < pairs * 0.1) return 'utf-16be';
  }
  return 'utf-8';
}

/** Decodes a byte stream chunk by chunk; a character split across chunks is kept whole. */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  encoding: TextEncodingName,
): AsyncGenerator<string> {
  // The decoder strips a leading byte-order mark itself (ignoreBOM defaults to false).
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** Decodes a complete head buffer for detection (a character cut at its end is dropped). */
export function decodeHead(head: Uint8Array, encoding: TextEncodingName): string {
  return new TextDecoder(encoding).decode(head, { stream: true });
}
