import { dialectOf, type Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { ExperimentJson } from '../experiments/experiment-json.ts';
import { textSearch } from '../experiments/text-search.ts';

export interface DatasetListItem extends Pick<
  ExperimentJson,
  'id' | 'title' | 'description' | 'cathodeMaterial' | 'anodeMaterial' | 'chemistry'
> {
  licence: string | null;
  /** The newest version not withdrawn, and when it was released. */
  latest: number;
  releasedAt: Date;
}

export const CATALOGUE_PAGE = 20;

/**
 * The open catalogue: experiments the kit lets this subject `view_released_experiment` (the
 * same WHERE the check is), released openly, with a version not withdrawn; newest release
 * first, searched in title, description and materials. `page` from 1; `all`: every one (the
 * sitemap — a lab's released datasets are hundreds, not millions).
 */
export async function findDatasets(
  authz: AppAuthz,
  subject: Subject | null,
  options: { q?: string; page?: number; all?: boolean } = {},
): Promise<{ items: DatasetListItem[]; total: number }> {
  const access = await authz.experiments.accessible(subject, 'batterydb.view_released_experiment', 'e');
  const page = Math.max(1, options.page ?? 1);
  let query = authz.db
    .selectFrom('experiment as e')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('dataset_version')
          .select('experiment_id')
          .select((v) => [v.fn.max('n').as('latest'), v.fn.max('released_at').as('released_at')])
          .where('withdrawn_at', 'is', null)
          .groupBy('experiment_id')
          .as('v'),
      (join) => join.onRef('v.experiment_id', '=', 'e.id'),
    )
    .where(access)
    .where('e.open_release', '=', 1)
    .where('e.status', '=', 'public');
  const search = options.q ? textSearch(dialectOf(authz.db), options.q, 'e') : null;
  if (search) query = query.where(search);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'e.id',
      'e.title',
      'e.description',
      'e.cathode_material',
      'e.anode_material',
      'e.chemistry',
      'e.licence',
      'v.latest',
      'v.released_at',
    ])
    .orderBy('v.released_at', 'desc')
    .orderBy('e.id', 'desc')
    .$if(!options.all, (qb) => qb.limit(CATALOGUE_PAGE).offset((page - 1) * CATALOGUE_PAGE))
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      cathodeMaterial: r.cathode_material,
      anodeMaterial: r.anode_material,
      chemistry: r.chemistry,
      licence: r.licence,
      latest: Number(r.latest),
      releasedAt: new Date(Number(r.released_at)),
    })),
  };
}
