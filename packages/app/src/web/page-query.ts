import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Old names of page query parameters, still read (a bookmark keeps working): one name for one
 * meaning on every page — `q` for a text search, `cursor` for a keyset page.
 */
const ALIASES: Readonly<Record<string, string>> = { search: 'q', after: 'cursor' };

/** The query parameters a page route reads: its querystring schema's properties. */
function knownKeys(request: FastifyRequest): ReadonlySet<string> | null {
  const schema = request.routeOptions.schema?.querystring as { properties?: object } | undefined;
  return schema?.properties ? new Set(Object.keys(schema.properties)) : null;
}

/** The URL of a page with only these parameters, in their order (`/experiments?q=lfp`). */
export function pageHref(path: string, params: Iterable<[string, string]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of params) if (value !== '') search.append(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** `pageHref` of a record, values blank or absent left out. */
export const hrefOf = (path: string, values: Readonly<Record<string, string | null | undefined>>): string =>
  pageHref(
    path,
    Object.entries(values).flatMap(([k, v]) => (v ? [[k, v] as [string, string]] : [])),
  );

/**
 * Page query strings are read leniently (SPEC §8: unknown parameters are ignored, never an
 * error page): before validation, a parameter the route does not read is dropped (`utm_source`,
 * an old bookmark's `page=2`), an old name is read as its new one, and a blank one is "not
 * given". A GET whose query carried blank or renamed parameters is sent once to the clean URL
 * (a search form submits every empty field; the address bar should not show them). The JSON
 * API stays strict: a script's typo is a 400 there.
 */
export function installLenientPageQuery(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const known = knownKeys(request);
    const query = request.query as Record<string, string | string[]> | undefined;
    if (!known || !query) return;
    let untidy = false;
    for (const key of Object.keys(query)) {
      const value = query[key]!;
      const name = known.has(key) ? key : ALIASES[key];
      delete query[key];
      if (name === undefined || !known.has(name)) continue;
      const values = [value].flat().filter((v) => v.trim() !== '');
      if (values.length < [value].flat().length) untidy = true;
      if (values.length === 0 || query[name] !== undefined) continue;
      query[name] = values.length === 1 ? values[0]! : values;
    }
    if (untidy && request.method === 'GET') {
      const path = request.url.split('?')[0]!;
      const params = Object.entries(query).flatMap(([k, v]) =>
        [v].flat().map((x) => [k, x] as [string, string]),
      );
      // Only what the route reads, so the redirect cannot loop or carry anything else.
      return reply.redirect(pageHref(path, params), 302);
    }
  });
}
