import { createRequire } from 'node:module';

/**
 * The SPDX licence list (https://spdx.org/licenses/) as shipped by the `spdx-license-ids` package
 * (CC0): current ids only, deprecated ones (e.g. `GPL-2.0`) are refused so a record names a
 * licence a reader can look up unambiguously.
 */
const IDS: readonly string[] = createRequire(import.meta.url)('spdx-license-ids') as string[];
const BY_LOWER = new Map(IDS.map((id) => [id.toLowerCase(), id]));

/** The licence the form suggests: open data people may reuse with attribution. */
export const SUGGESTED_LICENCE = 'CC-BY-4.0';

/**
 * The canonical SPDX id for what a person typed (ids compare case-insensitively, SPDX spec
 * Annex A), or null when it is not on the list.
 *
 * @example spdxId('cc-by-4.0') // 'CC-BY-4.0'
 */
export function spdxId(input: string): string | null {
  return BY_LOWER.get(input.trim().toLowerCase()) ?? null;
}

/** Every id on the list, for a datalist of suggestions. */
export const spdxIds = (): readonly string[] => IDS;

/** The licence's page on spdx.org: what schema.org `license` and DataCite `rightsURI` point at. */
export const spdxUrl = (id: string) => `https://spdx.org/licenses/${id}.html`;
