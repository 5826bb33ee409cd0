import iconv from 'iconv-lite';

/**
 * Text encodings of uploaded cycler exports. Instrument PCs write what their Windows locale says:
 * UTF-16 ("Unicode text" from Excel, some BioLogic and Neware versions), Windows-1252 in Western
 * Europe and the Americas (Maccor's MIMS export, fixtures/cyclers/maccor/maccor_002.txt, has 0xFF
 * bytes in its header), GBK/GB18030 on Chinese installations (Neware, LANHE: "循环序号", "电流(mA)").
 * We decode rather than reject, because the scientist cannot easily re-export from an instrument PC.
 *
 * Detection (or the caller declares it, `ParseOptions.encoding`): a byte-order mark; else UTF-16
 * by its NUL pattern; else UTF-8 when the head is valid UTF-8 (ASCII is); else GB18030 when every
 * byte above 0x7F pairs up as GBK and the result is mostly CJK ideographs; else Windows-1252
 * (every byte is a character there, so nothing is lost). UTF-8/16 use Node's TextDecoder, the
 * legacy code pages iconv-lite (pure JavaScript, so no ICU build is needed).
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'gb18030';

export const TEXT_ENCODINGS: readonly TextEncodingName[] = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'gb18030',
];

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
  if (isUtf8(head)) return 'utf-8';
  return looksLikeGbk(head) ? 'gb18030' : 'windows-1252';
}

/** Valid UTF-8, allowing a character cut at the end of the head. */
function isUtf8(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every high byte is part of a GBK pair, most pairs are in GB2312's core (both bytes ≥ 0xA1:
 * Chinese text), and most of what they make are CJK ideographs. A Western file's lone "°" or "µ"
 * before a letter also forms a GBK pair, hence the core-range and count conditions.
 */
function looksLikeGbk(head: Uint8Array): boolean {
  let pairs = 0;
  let core = 0;
  for (let i = 0; i < head.length; i += 1) {
    const lead = head[i]!;
    if (lead < 0x80) continue;
    const trail = head[i + 1];
    if (trail === undefined) break; // cut at the end of the head
    if (lead < 0x81 || lead > 0xfe || trail < 0x40 || trail > 0xfe || trail === 0x7f) return false;
    pairs += 1;
    if (lead >= 0xa1 && trail >= 0xa1) core += 1;
    i += 1;
  }
  if (core < 2 || core < pairs * 0.8) return false;
  const text = iconv.decode(Buffer.from(head.buffer, head.byteOffset, head.byteLength), 'gb18030');
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) continue;
    if (
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x3000 && code <= 0x303f) ||
      (code >= 0xff00 && code <= 0xffef)
    )
      cjk += 1;
    else other += 1;
  }
  return cjk >= other * 4;
}

/** Decodes a byte stream chunk by chunk; a character split across chunks is kept whole. */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  encoding: TextEncodingName,
): AsyncGenerator<string> {
  const decoder = streamingDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

/** Decodes a complete head buffer for detection (a character cut at its end is dropped). */
export function decodeHead(head: Uint8Array, encoding: TextEncodingName): string {
  return streamingDecoder(encoding).write(head);
}

interface StreamingDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

function streamingDecoder(encoding: TextEncodingName): StreamingDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    // The decoder strips a leading byte-order mark itself (ignoreBOM defaults to false).
    const decoder = new TextDecoder(encoding);
    return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding);
  return {
    write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => decoder.end() ?? '',
  };
}
