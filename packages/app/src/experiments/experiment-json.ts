import type { Selectable } from 'kysely';
import type { ExperimentTable } from '../db/schema.ts';
import { decodeTags } from './experiment-fields.ts';
import type { CitationMetadata } from '../datasets/citation/citation-metadata.ts';
import { decodeCitation } from '../datasets/citation/stored-citation.ts';

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
  return {
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
    ...(row.citation === undefined ? {} : { citation: decodeCitation(row.citation) }),
    status: row.status,
    owner: { id: row.owner_id, username: ownerUsername },
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}
