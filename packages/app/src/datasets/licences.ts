/**
 * The licences an open release may choose (SPDX ids), in one place: issue 26's citation work
 * validates against the SPDX list and replaces this allow-list at merge.
 */
export const LICENCES = [
  { id: 'CC-BY-4.0', name: 'Creative Commons Attribution 4.0 International' },
  { id: 'CC0-1.0', name: 'Creative Commons Zero v1.0 Universal' },
  { id: 'CC-BY-SA-4.0', name: 'Creative Commons Attribution Share Alike 4.0 International' },
  { id: 'ODC-By-1.0', name: 'Open Data Commons Attribution License v1.0' },
  { id: 'PDDL-1.0', name: 'Open Data Commons Public Domain Dedication & License 1.0' },
] as const;

export const DEFAULT_LICENCE = 'CC-BY-4.0';

/** The licence's SPDX page (the landing page links it). */
export const licenceUrl = (id: string): string => `https://spdx.org/licenses/${encodeURIComponent(id)}.html`;

export const licenceName = (id: string): string => LICENCES.find((l) => l.id === id)?.name ?? id;

export const isLicence = (id: unknown): id is string => LICENCES.some((l) => l.id === id);
