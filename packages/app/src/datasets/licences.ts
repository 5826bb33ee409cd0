import { spdxId, spdxUrl, SUGGESTED_LICENCE } from './citation/index.ts';

/**
 * The licences the release form offers first (SPDX ids, named): the usual ones for open data.
 * Any current SPDX id is accepted (`spdxId`), as in the citation metadata.
 */
export const LICENCES = [
  { id: 'CC-BY-4.0', name: 'Creative Commons Attribution 4.0 International' },
  { id: 'CC0-1.0', name: 'Creative Commons Zero v1.0 Universal' },
  { id: 'CC-BY-SA-4.0', name: 'Creative Commons Attribution Share Alike 4.0 International' },
  { id: 'ODC-By-1.0', name: 'Open Data Commons Attribution License v1.0' },
  { id: 'PDDL-1.0', name: 'Open Data Commons Public Domain Dedication & License 1.0' },
] as const;

export const DEFAULT_LICENCE = SUGGESTED_LICENCE;

/** The licence's SPDX page (the landing page links it). */
export const licenceUrl = (id: string): string => spdxUrl(encodeURIComponent(id));

export const licenceName = (id: string): string => LICENCES.find((l) => l.id === id)?.name ?? id;

/** The canonical SPDX id of a licence a release names, or null when it is not a current SPDX id. */
export const licenceId = (id: unknown): string | null => (typeof id === 'string' ? spdxId(id) : null);
