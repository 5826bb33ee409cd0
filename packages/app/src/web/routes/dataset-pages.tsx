import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readBlobBytes } from '../../datasets/blob-bytes.ts';
import { cyclesCsv } from '../../datasets/cycles-csv.ts';
import type { DatasetVersion } from '../../datasets/dataset-versions.ts';
import { findDatasets } from '../../datasets/find-datasets.ts';
import { type Dataset, getDataset, versionOf } from '../../datasets/get-dataset.ts';
import type { DatasetRecord } from '../../datasets/citation/index.ts';
import { sitemapXml } from '../../datasets/sitemap.ts';
import { type CitationContext, versionRecord } from '../../datasets/version-record.ts';
import { citationRoutes } from '../../server/routes/datasets/citation-routes.ts';
import { attachmentHeader } from '../../imports/safe-file-name.ts';
import { toId } from '../../server/schemas/common.ts';
import { HttpProblem } from '../../server/http/problem.ts';
import { DatasetCatalogue } from '../datasets/dataset-catalogue.tsx';
import { DatasetLanding, DatasetTombstone } from '../datasets/dataset-landing.tsx';
import { pageContext } from '../page-context.ts';
import { sendPage } from '../render.ts';

const dataset = { access: { kind: 'dataset' } } as const;

/** The publisher a citation names (DataCite `publisher`): this repository. */
const PUBLISHER = 'BatteryDB';
type VersionParams = { Params: { id: string; n: string } };

/** The site's address for absolute URLs: the configured one, else the request's own. */
function siteUrl(request: FastifyRequest): string {
  return request.server.batterydb.settings.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** The dataset and version a URL names, decided for the caller (signed out: the anonymous subject). */
async function loadVersion(
  request: FastifyRequest<VersionParams>,
): Promise<{ data: Dataset; version: DatasetVersion }> {
  const data = await getDataset(
    request.server.batterydb.authz,
    request.subject,
    toId(request.params.id, 'id'),
  );
  return { data, version: versionOf(data, toId(request.params.n, 'n')) };
}

/** Where a version is cited from and under what licence. */
function citeContext(request: FastifyRequest, data: Dataset, version: DatasetVersion): CitationContext {
  const url = `${siteUrl(request)}/datasets/${data.experimentId}/v/${version.n}`;
  return { experimentId: data.experimentId, url, licence: data.licence, publisher: PUBLISHER };
}

/**
 * The citation downloads' loader: the landing page's decision (NOT_FOUND for what the caller
 * may not see, 410 for a withdrawn version), then the frozen version as a citation record.
 */
async function loadRecord(request: FastifyRequest, id: number, n: number): Promise<DatasetRecord> {
  const data = await getDataset(request.server.batterydb.authz, request.subject, id);
  const version = versionOf(data, n);
  refuseWithdrawn(version);
  return versionRecord(version, citeContext(request, data, version));
}

/** Data of a withdrawn version is gone for good (410), in the tombstone's words. */
function refuseWithdrawn(version: DatasetVersion): void {
  if (version.withdrawn)
    throw new HttpProblem('GONE', `version ${version.n} was withdrawn: ${version.withdrawn.reason}`);
}

/**
 * Open data (issue 26): the catalogue, landing pages, downloads and the sitemap. Every route is
 * `dataset` access: signed in or not, the kit decides `view_released_experiment` for the caller
 * (getDataset/findDatasets), so a visitor sees released versions of openly released experiments
 * and nothing else (404 otherwise).
 */
export function datasetPages(app: FastifyInstance): void {
  app.register(citationRoutes(loadRecord));
  app.get<{ Querystring: { q?: string; page?: string } }>(
    '/datasets',
    {
      config: dataset,
      schema: {
        querystring: { type: 'object', properties: { q: { type: 'string' }, page: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const q = (request.query.q ?? '').slice(0, 200);
      const page = Math.min(10_000, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const found = await findDatasets(request.server.batterydb.authz, request.subject, { q, page });
      return sendPage(
        reply,
        <DatasetCatalogue ctx={pageContext(request, reply)} q={q} page={page} {...found} />,
      );
    },
  );

  app.get<{ Params: { id: string } }>('/datasets/:id', { config: dataset }, async (request, reply) => {
    const data = await getDataset(
      request.server.batterydb.authz,
      request.subject,
      toId(request.params.id, 'id'),
    );
    const latest = data.versions.find((v) => v.withdrawn === null) ?? data.versions[0]!;
    return reply.redirect(`/datasets/${data.experimentId}/v/${latest.n}`, 302);
  });

  app.get<VersionParams>('/datasets/:id/v/:n', { config: dataset }, async (request, reply) => {
    const { data, version } = await loadVersion(request);
    const ctx = pageContext(request, reply);
    if (version.withdrawn)
      return sendPage(
        reply,
        <DatasetTombstone
          ctx={ctx}
          version={version}
          experimentId={data.experimentId}
          versions={data.versions}
        />,
        410,
      );
    return sendPage(
      reply,
      <DatasetLanding
        ctx={ctx}
        experimentId={data.experimentId}
        version={version}
        versions={data.versions}
        cite={citeContext(request, data, version)}
      />,
    );
  });

  app.get<VersionParams & { Params: { index: string } }>(
    '/datasets/:id/v/:n/files/:index',
    { config: dataset },
    async (request, reply) => {
      const { version } = await loadVersion(request);
      refuseWithdrawn(version);
      const index = toId(request.params.index, 'index');
      const file = version.snapshot.files.find((f) => f.index === index);
      if (!file)
        throw new HttpProblem('NOT_FOUND', `version ${version.n} has no file ${index}`, { field: 'index' });
      return reply
        .type('application/octet-stream')
        .header('content-length', String(file.bytes))
        .header('content-disposition', attachmentHeader(file.name))
        .header('x-checksum-sha256', file.sha256)
        .header('cache-control', 'public, max-age=3600')
        .send(Readable.from(readBlobBytes(request.server.batterydb.authz.db, file.sha256)));
    },
  );

  app.get<VersionParams>('/datasets/:id/v/:n/cycles.csv', { config: dataset }, async (request, reply) => {
    const { data, version } = await loadVersion(request);
    refuseWithdrawn(version);
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        attachmentHeader(`dataset-${data.experimentId}-v${version.n}-cycles.csv`),
      )
      .send(cyclesCsv(version.snapshot));
  });

  app.get('/sitemap.xml', { config: dataset }, async (request, reply) => {
    // For crawlers: what a signed-out visitor may see, whoever asks.
    const all = await findDatasets(request.server.batterydb.authz, null, { all: true });
    return reply.type('application/xml; charset=utf-8').send(sitemapXml(siteUrl(request), all.items));
  });
}
