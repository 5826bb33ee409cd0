/** Field separators cycler text exports use. */
export type Delimiter = ',' | ';' | '\t';

/** The separator of a header line: whichever of tab, semicolon, comma it holds most of. */
export function sniffDelimiter(line: string): Delimiter {
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of ['\t', ';', ','] as const) {
    const count = line.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Splits a header line into names (quotes around a name are removed; headers hold no quoted separators). */
export function splitHeaderLine(line: string, delimiter: Delimiter = sniffDelimiter(line)): string[] {
  return line.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}
