import { AuthzError, type Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { createExperiments } from '../experiments/create-experiments.ts';

/**
 * The experiment a rule names, by title: the oldest one with that title the actor may change
 * (the same `accessible` filter as every list), else a new one — created through the one create
 * path, so it needs `add_experiment` and is private and the actor's. Remembered per run.
 */
export function experimentFinder(authz: AppAuthz, actor: Subject) {
  const known = new Map<string, Promise<number>>();
  async function find(title: string): Promise<number> {
    const row = await authz.db
      .selectFrom('experiment as e')
      .select('e.id')
      .where('e.title', '=', title)
      .where(await authz.experiments.accessible(actor, 'batterydb.change_experiment', 'e'))
      .orderBy('e.id')
      .limit(1)
      .executeTakeFirst();
    if (row) return Number(row.id);
    const [created] = await createExperiments(authz, actor, [{ title }]);
    if (!created) throw new AuthzError('CONFLICT', `experiment "${title}" could not be created`);
    return Number(created.id);
  }
  return (title: string): Promise<number> => {
    let id = known.get(title);
    if (!id) {
      id = find(title);
      // A refusal is remembered too: every file of that experiment fails with the same reason.
      known.set(title, id);
    }
    return id;
  };
}
