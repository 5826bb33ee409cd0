import type { AuthzBase } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { freezeVersion } from './freeze-version.ts';

/**
 * After-update hook on experiments: an experiment that is public and has no version yet gets
 * version 1, frozen in the write's own transaction — so the status route, an approved
 * publication request and a bulk publish all freeze it, and none can skip it. Later versions
 * are published by a Maintainer (publish-version.ts): a change to a public experiment is the
 * draft of the next one until then.
 */
export async function versionOnPublish(
  tx: AuthzBase,
  rows: readonly Record<string, unknown>[],
  trx: Kysely<Database>,
): Promise<void> {
  const published = rows.filter((r) => r.status === 'public').map((r) => Number(r.id));
  if (published.length === 0) return;
  const versioned = new Set(
    (
      await trx
        .selectFrom('dataset_version')
        .select('experiment_id')
        .distinct()
        .where('experiment_id', 'in', published)
        .execute()
    ).map((r) => r.experiment_id),
  );
  for (const id of published) if (!versioned.has(id)) await freezeVersion(trx, id, null, tx.now().getTime());
}
