import { AuthzError, type ObjectRow, type UserRef } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { toColumns, validateFields } from './experiment-fields.ts';

/**
 * The one create path (HTTP, demo data and the tests use it): needs
 * `batterydb.add_experiment`, validates every field, and writes through the kit so that hooks
 * run in the transaction. SPEC §3.3: the experiment is private and owned by its creator,
 * whatever the client sends.
 */
export async function createExperiments(
  authz: AppAuthz,
  actor: UserRef,
  inputs: readonly Record<string, unknown>[],
): Promise<ObjectRow[]> {
  const subject = typeof actor === 'number' ? await authz.loadSubject(actor) : actor;
  if (!subject || !(await authz.hasPerm(subject, 'batterydb.add_experiment')))
    throw new AuthzError('FORBIDDEN', 'adding experiments needs batterydb.add_experiment');
  const now = authz.now().getTime();
  const rows = inputs.map((input) => ({
    description: '',
    cathode_material: '',
    anode_material: '',
    chemistry: '',
    cell_format: '',
    nominal_capacity_mah: null,
    active_mass_mg: null,
    temperature_c: null,
    cycler: '',
    start_date: null,
    tags: '',
    ...toColumns(validateFields(input, 'create')),
    status: 'private',
    owner_id: subject.user.id,
    created_at: now,
    updated_at: now,
  }));
  return authz.experiments.create(rows);
}
