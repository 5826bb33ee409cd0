/** At most this many keys are kept from a preamble (a hostile file could hold thousands). */
const MAX_KEYS = 100;

/**
 * Metadata from "Key<sep>value" lines above the column names (PEC "Key:,value", Novonix and
 * BaSyTec "Key: value"): `pattern` captures key and value; empty values and repeats are skipped.
 */
export function keyValuePreamble(
  prefix: string,
  lines: readonly string[],
  pattern: RegExp,
): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const line of lines) {
    const match = pattern.exec(line);
    const key = match?.[1]?.trim();
    const value = match?.[2]?.replace(/,+$/, '').trim();
    if (key === undefined || key === '' || value === undefined || value === '') continue;
    const name = `${prefix}.${key}`;
    if (!(name in metadata) && Object.keys(metadata).length < MAX_KEYS) metadata[name] = value.slice(0, 500);
  }
  return metadata;
}
