import type { Migration } from 'kysely';
import { experimentMigration } from './2026-11-25-01-experiment.ts';
import { experimentGrantsMigration } from './2026-11-25-02-experiment-grants.ts';

/** BatteryDB's own migrations; the kit's run with them (see `migrate`). Names are dates. */
export const appMigrations: Record<string, Migration> = {
  '2026-11-25-01-experiment': experimentMigration,
  '2026-11-25-02-experiment-grants': experimentGrantsMigration,
};
