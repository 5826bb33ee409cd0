import type { Selectable } from 'kysely';
import type { ExperimentTable } from '../db/schema.ts';
import { decodeTags } from './experiment-fields.ts';
import type { CitationMetadata } from '../datasets/citation/citation-metadata.ts';
import { decodeCitation } from '../datasets/citation/stored-citation.ts';
import { isoTime } from '../server/presenters/iso-time.ts';

/** An experiment as the JSON API shows it: camelCase, ISO 8601 times (SPEC §5). */
export interface ExperimentJson {
  id: number;
  title: string;
  description: string;
  cathodeMaterial: string;
  anodeMaterial: string;
  chemistry: string;
  cellFormat: string;
  nominalCapacityMah: number | null;
  activeMassMg: number | null;
  temperatureC: number | null;
  cycler: string;
  startDate: string | null;
  tags: string[];
  /** One experiment's read has it; list items leave it out (their rows do not carry it). */
  citation?: CitationMetadata;
  status: 'private' | 'public';
  owner: { id: number; username: string };
  createdAt: string;
  updatedAt: string;
}

export function toExperimentJson(row: Selectable<ExperimentTable>, ownerUsername: string): ExperimentJson {
  // Built in its key order by assignment, not by spreading an optional `citation` into a
  // literal: the spread sends V8 down its slow object-copying path, for every item of a list.
  const json = {
    id: row.id,
    title: row.title,
    description: row.description,
    cathodeMaterial: row.cathode_material,
    anodeMaterial: row.anode_material,
    chemistry: row.chemistry,
    cellFormat: row.cell_format,
    nominalCapacityMah: row.nominal_capacity_mah === null ? null : Number(row.nominal_capacity_mah),
    activeMassMg: row.active_mass_mg === null ? null : Number(row.active_mass_mg),
    temperatureC: row.temperature_c === null ? null : Number(row.temperature_c),
    cycler: row.cycler,
    startDate: row.start_date,
    tags: decodeTags(row.tags),
  } as ExperimentJson;
  if (row.citation !== undefined) json.citation = decodeCitation(row.citation);
  json.status = row.status;
  json.owner = { id: row.owner_id, username: ownerUsername };
  json.createdAt = isoTime(Number(row.created_at));
  json.updatedAt = isoTime(Number(row.updated_at));
  return json;
}
