import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type DatasetRecord,
  recordKey,
  toBibtex,
  toCslJson,
  toDataciteJson,
  toDataciteXml,
  toRis,
} from '../../../datasets/citation/index.ts';
import { attachmentHeader } from '../../../imports/safe-file-name.ts';
import { HttpProblem } from '../../http/problem.ts';
import { closed, IdString, toId } from '../../schemas/common.ts';

/**
 * Loads one released version for whoever asks, or null when there is none they may see (the
 * landing page's loader, issue 26 part 4: it decides visibility, so null covers both "no such
 * version" and "not released to you" — a 404 that reveals nothing).
 */
export type LoadDatasetRecord = (
  request: FastifyRequest,
  id: number,
  n: number,
) => Promise<DatasetRecord | null>;

interface Format {
  file: string;
  extension: string;
  contentType: string;
  summary: string;
  render: (r: DatasetRecord) => string;
}

const FORMATS: readonly Format[] = [
  {
    file: 'cite.bib',
    extension: 'bib',
    contentType: 'application/x-bibtex; charset=utf-8',
    summary: 'Cite a released dataset version: BibTeX',
    render: toBibtex,
  },
  {
    file: 'cite.ris',
    extension: 'ris',
    contentType: 'application/x-research-info-systems; charset=utf-8',
    summary: 'Cite a released dataset version: RIS',
    render: toRis,
  },
  {
    file: 'cite.json',
    extension: 'json',
    contentType: 'application/vnd.citationstyles.csl+json; charset=utf-8',
    summary: 'Cite a released dataset version: CSL-JSON (a list of one item)',
    render: (r) => JSON.stringify([toCslJson(r)], null, 2) + '\n',
  },
  {
    file: 'datacite.xml',
    extension: 'xml',
    contentType: 'application/vnd.datacite.datacite+xml; charset=utf-8',
    summary: 'DataCite 4.5 metadata (XML) of a released dataset version',
    render: toDataciteXml,
  },
  {
    file: 'datacite.json',
    extension: 'json',
    contentType: 'application/vnd.datacite.datacite+json; charset=utf-8',
    summary: 'DataCite 4.5 metadata (REST API JSON) of a released dataset version',
    render: (r) => JSON.stringify(toDataciteJson(r), null, 2) + '\n',
  },
];

const Params = closed({ id: IdString, n: IdString });

/**
 * The citation downloads of a released dataset version, as a plugin the landing page's owner
 * registers with its loader: `app.register(citationRoutes(loadRecord))`.
 *
 * Access is `dataset`, as for the landing page: anonymous visitors may cite an openly released
 * dataset (SPEC §3.3 "Open data"), and the loader — the landing page's own decision — decides
 * what each caller may see; everything else is a 404.
 */
export function citationRoutes(loadRecord: LoadDatasetRecord) {
  return function citationRoutesPlugin(app: FastifyInstance): void {
    for (const format of FORMATS)
      app.get<{ Params: { id: string; n: string } }>(
        `/datasets/:id/v/:n/${format.file}`,
        {
          config: { access: { kind: 'dataset' } },
          schema: {
            summary: format.summary,
            tags: ['datasets'],
            params: Params,
            produces: [format.contentType.split(';')[0]!],
          },
        },
        async (request, reply) => {
          const id = toId(request.params.id, 'id');
          const n = toId(request.params.n, 'n');
          const record = await loadRecord(request, id, n);
          if (!record) throw new HttpProblem('NOT_FOUND', `dataset ${id} has no released version ${n}`);
          return reply
            .type(format.contentType)
            .header('content-disposition', attachmentHeader(`${recordKey(record)}.${format.extension}`))
            .send(format.render(record));
        },
      );
  };
}
