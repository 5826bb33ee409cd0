import type { Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { createCell } from '../cells/change-cells.ts';

/**
 * The cell a rule's `cell` template names, by label within the experiment: the first one in the
 * experiment's order with that label, else a new one — made with the same `createCell` and the
 * same `data.cell-create` audit entry, in one transaction, as `POST /api/experiments/:id/cells`.
 * The caller has checked that the actor may change the experiment. Remembered per run.
 */
export function cellFinder(authz: AppAuthz, actor: Subject) {
  const known = new Map<string, Promise<number>>();
  async function find(experimentId: number, label: string): Promise<number> {
    const row = await authz.db
      .selectFrom('cell')
      .select('id')
      .where('experiment_id', '=', experimentId)
      .where('label', '=', label)
      .orderBy('position')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (row) return Number(row.id);
    return authz.db.transaction().execute(async (trx) => {
      const id = await createCell(trx, experimentId, { label }, authz.now().getTime());
      await authz.withTransaction(trx).recordAudit({
        actorId: actor.user.id,
        action: 'data.cell-create',
        target: { type: 'batterydb.experiment', id: experimentId },
        before: null,
        after: { cellId: id, label },
        clientAddress: 'cli',
      });
      return id;
    });
  }
  return (experimentId: number, label: string): Promise<number> => {
    const key = `${experimentId}\u0000${label}`;
    let id = known.get(key);
    if (!id) {
      id = find(experimentId, label);
      known.set(key, id);
    }
    return id;
  };
}
