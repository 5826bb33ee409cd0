import type { AuthzTables } from '@batterydb/authz';
import type { Generated } from 'kysely';

export type ExperimentStatus = 'private' | 'public';

/** SPEC §6. Times are epoch milliseconds, as in the kit's tables. */
export interface ExperimentTable {
  id: Generated<number>;
  title: string;
  description: string;
  cathode_material: string;
  anode_material: string;
  chemistry: string;
  cell_format: string;
  nominal_capacity_mah: number | null;
  temperature_c: number | null;
  cycler: string;
  start_date: string | null;
  /** Comma-separated, lower case, with leading and trailing commas for exact `like` matching. */
  tags: string;
  status: ExperimentStatus;
  owner_id: number;
  created_at: number;
  updated_at: number;
}

/** `experiment_user_grant` / `experiment_group_grant`, made by the kit's `createGrantTables`. */
export interface ExperimentGrantTable {
  object_id: number;
  permission_id: number;
  expires_at: number | null;
}

export interface Database extends AuthzTables {
  experiment: ExperimentTable;
  experiment_user_grant: ExperimentGrantTable & { user_id: number };
  experiment_group_grant: ExperimentGrantTable & { group_id: number };
}
