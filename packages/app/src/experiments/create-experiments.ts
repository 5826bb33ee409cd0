import { AuthzError, type ObjectRow, type UserRef } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';

/** What a client may set when creating an experiment; owner and status are never among them. */
export interface NewExperiment {
  title: string;
  description?: string;
  cathodeMaterial?: string;
  anodeMaterial?: string;
  chemistry?: string;
  cellFormat?: string;
  nominalCapacityMah?: number | null;
  temperatureC?: number | null;
  cycler?: string;
  startDate?: string | null;
  tags?: readonly string[];
}

/** Tags are stored as `,a,b,` so that one tag is found with `like '%,a,%'` and never a prefix of another. */
export function encodeTags(tags: readonly string[] = []): string {
  const clean = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
  for (const t of clean)
    if (t.includes(',') || t.length > 50)
      throw new AuthzError('INVALID_INPUT', `tag "${t}" must be ≤ 50 characters without commas`, 'tags');
  return clean.length ? `,${clean.join(',')},` : '';
}

function toRow(input: NewExperiment, ownerId: number, now: number) {
  const title = input.title.trim();
  if (title === '' || title.length > 300)
    throw new AuthzError('INVALID_INPUT', 'title must have 1–300 characters', 'title');
  return {
    title,
    description: input.description ?? '',
    cathode_material: input.cathodeMaterial ?? '',
    anode_material: input.anodeMaterial ?? '',
    chemistry: input.chemistry ?? '',
    cell_format: input.cellFormat ?? '',
    nominal_capacity_mah: input.nominalCapacityMah ?? null,
    temperature_c: input.temperatureC ?? null,
    cycler: input.cycler ?? '',
    start_date: input.startDate ?? null,
    tags: encodeTags(input.tags),
    // SPEC §3.3: experiments are created private and owned by their creator, whatever the client sends.
    status: 'private' as const,
    owner_id: ownerId,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The one create path (HTTP, import, demo data and the benchmark all use it): needs
 * `batterydb.add_experiment`, and writes through the kit so that hooks run in the transaction.
 */
export async function createExperiments(
  authz: AppAuthz,
  actor: UserRef,
  inputs: readonly NewExperiment[],
): Promise<ObjectRow[]> {
  const subject = typeof actor === 'number' ? await authz.loadSubject(actor) : actor;
  if (!subject || !(await authz.hasPerm(subject, 'batterydb.add_experiment')))
    throw new AuthzError('FORBIDDEN', 'adding experiments needs batterydb.add_experiment');
  const now = authz.ctx.now();
  return authz.experiments.create(inputs.map((input) => toRow(input, subject.user.id, now)));
}
