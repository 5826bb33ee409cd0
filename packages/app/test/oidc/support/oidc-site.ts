/**
 * BatteryDB listening on 127.0.0.1 (a random port) with institutional sign-in configured from
 * the same environment variables an operator sets, against a real test provider; and a small
 * cookie-jar client that walks the code flow as a browser would (redirects, the provider's
 * login and consent forms), stopping at BatteryDB's callback so a test can tamper with it.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createAppAuthz } from '../../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../../src/config/database-url.ts';
import { oidcConfigFromEnv } from '../../../src/config/oidc-config.ts';
import { connect } from '../../../src/db/connect.ts';
import { buildApp } from '../../../src/server/build-app.ts';
import { createTestDatabase, type Dialect } from '../../../../../test-support/databases.ts';
import { countingHasher } from '../../../../authz/test/support/kit.ts';
import { startProvider } from './test-provider.ts';

export const CLIENT = { client_id: 'batterydb', client_secret: 'batterydb-test-secret-0123456789' };

export async function oidcSite(dialect: Dialect, env: Record<string, string> = {}) {
  const database = await createTestDatabase(dialect);
  const connection = await connect(parseDatabaseUrl(database.url));
  const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
  await authz.migrateAll();
  const app: FastifyInstance = await buildApp({ connection, authz });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const callback = `${base}/sign-in/oidc/callback`;
  const clients = [
    { ...CLIENT, redirect_uris: [callback] },
    { client_id: 'other-app', client_secret: 'other-app-secret-0123456789abcdef', redirect_uris: [callback] },
  ];
  const provider = await startProvider(clients);
  // A second provider with the same client: its answers must not be taken for the first's.
  const impostor = await startProvider(clients);
  const configure = (more: Record<string, string> = {}) => {
    // The port is known only now that the server listens; the settings are read per request.
    app.batterydb.settings.oidc = oidcConfigFromEnv({
      BATTERYDB_OIDC_ISSUER: provider.issuer,
      BATTERYDB_OIDC_CLIENT_ID: CLIENT.client_id,
      BATTERYDB_OIDC_CLIENT_SECRET: CLIENT.client_secret,
      BATTERYDB_OIDC_REDIRECT_BASE: base,
      BATTERYDB_OIDC_EMAIL_DOMAINS: 'uni.example',
      BATTERYDB_OIDC_LABEL: 'Test University',
      BATTERYDB_OIDC_ROLE_CLAIM: 'groups',
      BATTERYDB_OIDC_ALLOWED_ROLES: 'Maintainer,Contributor',
      BATTERYDB_OIDC_ROLE_MAP: 'curators=Maintainer;lab=Contributor',
      ...env,
      ...more,
    });
  };
  configure();
  return {
    app,
    authz,
    db: connection.db,
    base,
    callback,
    provider,
    impostor,
    configure,
    async close() {
      await provider.close();
      await impostor.close();
      await app.close();
      await connection.close();
      await database.drop();
    },
  };
}

export type OidcSite = Awaited<ReturnType<typeof oidcSite>>;

/** A browser without a browser: one cookie jar per origin, redirects followed by hand. */
export class Agent {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  /** Puts a cookie back (a replay, as an attacker who copied it would). */
  setCookie(origin: string, name: string, value: string): void {
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jars.set(origin, jar);
  }

  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}) {
    const target = new URL(url);
    const jar = this.jars.get(target.origin) ?? new Map<string, string>();
    this.jars.set(target.origin, jar);
    const headers: Record<string, string> = {};
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone =
        value === '' || attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    return { response, status: response.status, location: location ? new URL(location, target) : null };
  }

  /**
   * From BatteryDB's start URL through the provider (login as `accountId`, consent) to the
   * URL of BatteryDB's callback, not yet requested. `authorizeUrl` may rewrite the provider
   * URL BatteryDB sent the browser to (another issuer, client or nonce).
   */
  async toCallback(
    site: OidcSite,
    accountId: string,
    authorizeUrl: (url: URL) => URL = (url) => url,
  ): Promise<URL> {
    const start = await this.request(`${site.base}/sign-in/oidc`);
    if (start.status !== 303 || !start.location) throw new Error(`start answered ${start.status}`);
    let url = authorizeUrl(start.location);
    for (let step = 0; step < 20; step++) {
      if (url.href.startsWith(site.callback)) return url;
      const answer = await this.request(url);
      if (answer.location) {
        url = answer.location;
        continue;
      }
      const html = await answer.response.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (answer.status !== 200 || !prompt || !action)
        throw new Error(`provider answered ${answer.status}: ${html.slice(0, 300)}`);
      const form: Record<string, string> =
        prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt };
      const posted = await this.request(new URL(action.replaceAll('&amp;', '&'), url), { form });
      if (!posted.location) throw new Error(`provider form answered ${posted.status}`);
      url = posted.location;
    }
    throw new Error('too many steps before the callback');
  }
}
