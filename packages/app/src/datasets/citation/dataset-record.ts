import type { CitationMetadata } from './citation-metadata.ts';

/**
 * One released version of a dataset, everything a citation format needs. Built by the landing
 * page's loader (issue 26 part 4); the formats here are pure functions of it.
 */
export interface DatasetRecord {
  experimentId: number;
  version: number;
  title: string;
  description: string;
  citation: CitationMetadata;
  /** Config, default "BatteryDB". */
  publisher: string;
  releasedAt: Date;
  /** Absolute URL of /datasets/:id/v/:n. */
  landingUrl: string;
  files: DatasetFile[];
  materials: { cathode?: string; anode?: string; electrolyte?: string; chemistry?: string };
}

export interface DatasetFile {
  name: string;
  sha256: string;
  bytes: number;
  /** A media type (`text/csv`) or the cycler format's name. */
  format: string;
  downloadUrl: string;
}

/** The citation key and file stem: `batterydb-12-v3`. */
export const recordKey = (r: DatasetRecord) => `batterydb-${r.experimentId}-v${r.version}`;

/** The release date as YYYY-MM-DD in UTC (the day a citation shows). */
export const releaseDay = (r: DatasetRecord) => r.releasedAt.toISOString().slice(0, 10);

/** The keywords a record is found by: the creators' words, then the materials not already among them. */
export function recordKeywords(r: DatasetRecord): string[] {
  const words = [...r.citation.keywords];
  const seen = new Set(words.map((w) => w.toLowerCase()));
  for (const m of [r.materials.chemistry, r.materials.cathode, r.materials.anode, r.materials.electrolyte])
    if (m && !seen.has(m.toLowerCase())) {
      seen.add(m.toLowerCase());
      words.push(m);
    }
  return words;
}
