/**
 * Issue 26 part 1 over HTTP, on both dialects: an experiment's citation metadata is read with
 * the experiment and changed by PATCH with the same permission as any change (404 invisible,
 * 403 visible but not allowed); every invalid part is named at once in the problem's `errors`
 * and nothing is stored; unknown fields are refused with their path. Then the citation
 * downloads (`citationRoutes`) of a released version, decided as its landing page is: open
 * to anyone once released, 404 before and for a version that does not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { appDatabase } from '../support/app-db.ts';

type Who = 'anonymous' | 'reader' | 'owner' | 'contributor' | 'maintainer';

const VALID = {
  creators: [
    { name: 'Curie, Marie', orcid: 'https://orcid.org/0000-0002-1825-0097', affiliation: 'Sorbonne' },
    { name: 'Pierre Curie' },
  ],
  licence: 'cc-by-4.0',
  relatedPublications: [{ doi: 'https://doi.org/10.1149/1945-7111/ab1234', relation: 'IsSupplementTo' }],
  funding: [{ funder: 'ERC', awardNumber: '101000000', awardTitle: 'Batteries' }],
  keywords: ['ageing'],
  doi: 'doi:10.5281/zenodo.42',
};

for (const dialect of DIALECTS)
  describe(`citation metadata of an experiment (${dialect})`, () => {
    let app: Awaited<ReturnType<typeof appDatabase>>;
    let server: Awaited<ReturnType<typeof buildApp>>;
    const tokens = new Map<Who, string>();
    let ownerId = 0;

    before(async () => {
      app = await appDatabase(dialect);
      server = await buildApp({ connection: app.connection, authz: app.authz });
      const make = async (who: Who, role: string) => {
        const user = await app.authz.createUser({ username: who });
        await app.authz.addMember((await app.authz.findGroupByName(role))!.id, user.id);
        tokens.set(who, (await app.authz.createApiToken(user.id, { name: 't', expiresAt: null })).token);
        return user.id;
      };
      await make('reader', 'Read only');
      ownerId = await make('owner', 'Contributor');
      await make('contributor', 'Contributor');
      await make('maintainer', 'Maintainer');
    });
    after(async () => {
      await server.close();
      await app.close();
    });

    const call = (who: Who, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
      server.inject({
        method,
        url,
        headers: tokens.has(who) ? { authorization: `Bearer ${tokens.get(who)}` } : {},
        ...(payload ? { payload } : {}),
      });
    const fresh = async (status: 'private' | 'public' = 'private') => {
      const [e] = await createExperiments(app.authz, ownerId, [
        { title: 'LFP ageing at 45 °C', chemistry: 'LFP', cathodeMaterial: 'LiFePO4' },
      ]);
      const id = Number(e!.id);
      if (status === 'public') await app.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
      return id;
    };

    test('a new experiment has an empty citation; PATCH stores it normalised and GET shows it', async () => {
      const id = await fresh();
      const before = await call('owner', 'GET', `/api/experiments/${id}`);
      assert.deepEqual(before.json<{ citation: unknown }>().citation, {
        creators: [],
        licence: null,
        relatedPublications: [],
        funding: [],
        keywords: [],
        doi: null,
      });
      const patched = await call('owner', 'PATCH', `/api/experiments/${id}`, { citation: VALID });
      assert.equal(patched.statusCode, 200, patched.body);
      const expected = {
        creators: [
          { name: 'Curie, Marie', orcid: '0000-0002-1825-0097', affiliation: 'Sorbonne' },
          { name: 'Pierre Curie', orcid: null, affiliation: '' },
        ],
        licence: 'CC-BY-4.0',
        relatedPublications: [{ doi: '10.1149/1945-7111/ab1234', relation: 'IsSupplementTo' }],
        funding: [{ funder: 'ERC', awardNumber: '101000000', awardTitle: 'Batteries' }],
        keywords: ['ageing'],
        doi: '10.5281/zenodo.42',
      };
      assert.deepEqual(patched.json<{ citation: unknown }>().citation, expected);
      const read = await call('owner', 'GET', `/api/experiments/${id}`);
      assert.deepEqual(read.json<{ citation: unknown }>().citation, expected);
      // The list stays lean: its items do not carry the citation.
      const list = await call('owner', 'GET', `/api/experiments?q=ageing`);
      assert.equal(Object.hasOwn(list.json<{ items: object[] }>().items[0]!, 'citation'), false);
    });

    test('every invalid part is named at once, and nothing is stored', async () => {
      const id = await fresh();
      await call('owner', 'PATCH', `/api/experiments/${id}`, { citation: VALID });
      const refused = await call('owner', 'PATCH', `/api/experiments/${id}`, {
        title: 'renamed',
        citation: {
          ...VALID,
          creators: [VALID.creators[0], { name: 'Pierre Curie', orcid: '0000-0002-1825-0098' }],
          licence: 'CC-BY',
          relatedPublications: [{ doi: '10.1/x', relation: 'IsSupplementTo' }],
          doi: 'zenodo.42',
        },
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = refused.json<{ field: string; errors: { field: string; message: string }[] }>();
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        [
          'citation.creators[1].orcid',
          'citation.licence',
          'citation.relatedPublications[0].doi',
          'citation.doi',
        ],
      );
      assert.equal(problem.field, 'citation.creators[1].orcid');
      assert.match(problem.errors[0]!.message, /not a valid ORCID iD/);
      const read = (await call('owner', 'GET', `/api/experiments/${id}`)).json<{
        title: string;
        citation: { licence: string };
      }>();
      assert.equal(read.title, 'LFP ageing at 45 °C');
      assert.equal(read.citation.licence, 'CC-BY-4.0');
    });

    test('unknown fields are refused with their path, inside the citation too', async () => {
      const id = await fresh();
      const top = await call('owner', 'PATCH', `/api/experiments/${id}`, { citation: VALID, licence: 'MIT' });
      assert.equal(top.statusCode, 400);
      assert.equal(top.json<{ field: string }>().field, 'licence');
      const inside = await call('owner', 'PATCH', `/api/experiments/${id}`, {
        citation: { ...VALID, creators: [{ name: 'A B', email: 'a@example.org' }] },
      });
      assert.equal(inside.statusCode, 400);
      assert.equal(inside.json<{ field: string }>().field, 'citation.creators[0].email');
      const notObject = await call('owner', 'PATCH', `/api/experiments/${id}`, { citation: 'CC-BY-4.0' });
      assert.equal(notObject.statusCode, 400);
      assert.equal(notObject.json<{ field: string }>().field, 'citation');
    });

    test('changing the citation takes the same permission as changing the experiment', async () => {
      const got: Record<string, number> = {};
      for (const status of ['private', 'public'] as const)
        for (const who of ['anonymous', 'reader', 'owner', 'contributor', 'maintainer'] as const) {
          const id = await fresh(status);
          const response = await call(who, 'PATCH', `/api/experiments/${id}`, { citation: VALID });
          got[`${status} ${who}`] = response.statusCode;
        }
      assert.deepEqual(got, {
        'private anonymous': 401,
        'private reader': 404,
        'private owner': 200,
        'private contributor': 404,
        'private maintainer': 200,
        'public anonymous': 401,
        'public reader': 403,
        'public owner': 403,
        'public contributor': 403,
        'public maintainer': 200,
      });
    });

    test('the citation downloads of a released version: content types, file names, 404 where the page is', async () => {
      const id = await fresh();
      await call('owner', 'PATCH', `/api/experiments/${id}`, { citation: VALID });
      // Public but not released: nobody signed out may cite it yet.
      await app.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
      assert.equal((await call('anonymous', 'GET', `/datasets/${id}/v/1/cite.bib`)).statusCode, 404);
      const released = await call('maintainer', 'POST', `/api/experiments/${id}/release`, {
        licence: 'CC-BY-4.0',
      });
      assert.ok(released.statusCode < 300, released.body);
      const expected = {
        'cite.bib': ['application/x-bibtex; charset=utf-8', 'bib', /^@misc\{batterydb-\d+-v1,/],
        'cite.ris': ['application/x-research-info-systems; charset=utf-8', 'ris', /^TY {2}- DATA\r\n/],
        'cite.json': ['application/vnd.citationstyles.csl+json; charset=utf-8', 'json', /"type": "dataset"/],
        'datacite.xml': [
          'application/vnd.datacite.datacite+xml; charset=utf-8',
          'xml',
          /<identifier identifierType="DOI">10\.5281\/zenodo\.42</,
        ],
        'datacite.json': [
          'application/vnd.datacite.datacite+json; charset=utf-8',
          'json',
          /"doi": "10\.5281\/zenodo\.42"/,
        ],
      } as const;
      const hidden = await fresh('public');
      for (const [file, [type, extension, body]] of Object.entries(expected)) {
        const response = await call('owner', 'GET', `/datasets/${id}/v/1/${file}`);
        assert.equal(response.statusCode, 200, `${file}: ${response.body}`);
        assert.equal(response.headers['content-type'], type);
        assert.equal(
          response.headers['content-disposition'],
          `attachment; filename="batterydb-${id}-v1.${extension}"; filename*=UTF-8''batterydb-${id}-v1.${extension}`,
        );
        assert.match(response.body, body);
        // Released openly: a signed-out visitor cites it too.
        assert.equal((await call('anonymous', 'GET', `/datasets/${id}/v/1/${file}`)).body, response.body);
        // A version that does not exist, or an experiment that is not released: the same 404.
        for (const [who, url] of [
          ['anonymous', `/datasets/${id}/v/2/${file}`],
          ['reader', `/datasets/${hidden}/v/1/${file}`],
          ['owner', `/datasets/${id}/v/2/${file}`],
        ] as const) {
          const refused = await call(who, 'GET', url);
          assert.equal(refused.statusCode, 404, `${who} ${url}`);
          assert.doesNotMatch(refused.body, /LFP ageing/, 'nothing of the dataset is revealed');
        }
      }
      const bad = await call('owner', 'GET', `/datasets/${id}/v/0/cite.bib`);
      assert.equal(bad.statusCode, 400);
    });
  });
