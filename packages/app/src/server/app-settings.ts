import {
  DEFAULT_SESSION_POLICY,
  DEFAULT_THROTTLE_POLICY,
  type SessionPolicy,
  type ThrottlePolicy,
} from '@batterydb/authz';
import { type OidcConfig, oidcConfigFromEnv } from '../config/oidc-config.ts';
import { type ClientLimits, clientLimitsFromEnv, DEFAULT_CLIENT_LIMITS } from './http/client-limits.ts';

/** How the HTTP server treats security-relevant details; every field has a safe default. */
export interface ServerSettings {
  /**
   * Served over HTTPS (directly or behind a TLS-terminating proxy): cookies get `Secure` and
   * the `__Host-` prefix, and responses carry HSTS.
   */
  secureCookies: boolean;
  /**
   * Trust `X-Forwarded-For` for the client address (throttling, audit): `true` for one proxy in
   * front, a number for that many. Only behind proxies that append to it: otherwise any client
   * could pick its own address and dodge the per-address limit. Counting hops (not trusting every
   * hop) matters: the leftmost entries are whatever the client sent.
   */
  trustProxy: boolean | number;
  /** Let anonymous visitors read objects (GET on `object` routes); the handler still decides per object. */
  anonymousRead: boolean;
  /**
   * The site's public address (`BATTERYDB_PUBLIC_URL`, e.g. `https://data.lab.org`), for the
   * absolute URLs a citation, JSON-LD and the sitemap carry; null: the request's own host.
   */
  publicUrl: string | null;
  session: SessionPolicy;
  throttle: ThrottlePolicy;
  /**
   * Staff and superuser sessions must have passed a second factor (issue 27, SPEC §5): until the
   * account has enrolled and signed in with a code, such a session reaches only the enrolment
   * pages and signing out.
   */
  requireSecondFactorForStaff: boolean;
  /** Time limits for slow clients and the per-address connection cap (http/client-limits.ts). */
  clients: ClientLimits;
  /** Institutional sign-in (OpenID Connect, issue 27); null: off (no button, its routes 404). */
  oidc: OidcConfig | null;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  secureCookies: false,
  trustProxy: false,
  anonymousRead: false,
  requireSecondFactorForStaff: false,
  publicUrl: null,
  session: DEFAULT_SESSION_POLICY,
  throttle: DEFAULT_THROTTLE_POLICY,
  clients: DEFAULT_CLIENT_LIMITS,
  oidc: null,
};

/**
 * Settings from the environment, for `serve`: `BATTERYDB_SECURE_COOKIES=1` behind HTTPS,
 * `BATTERYDB_TRUST_PROXY=1` behind a proxy that sets X-Forwarded-For, `BATTERYDB_ANONYMOUS_READ=1`,
 * `BATTERYDB_REQUIRE_2FA_FOR_STAFF=1`,
 * the client limits (`BATTERYDB_HEADERS_TIMEOUT_S` …, see http/client-limits.ts) and institutional
 * sign-in (`BATTERYDB_OIDC_*`, config/oidc-config.ts).
 */
export function serverSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<ServerSettings> {
  const flag = (name: string) => ['1', 'true', 'yes'].includes((env[name] ?? '').toLowerCase());
  const trustProxy = flag('BATTERYDB_TRUST_PROXY');
  return {
    secureCookies: flag('BATTERYDB_SECURE_COOKIES'),
    trustProxy,
    anonymousRead: flag('BATTERYDB_ANONYMOUS_READ'),
    requireSecondFactorForStaff: flag('BATTERYDB_REQUIRE_2FA_FOR_STAFF'),
    publicUrl: env.BATTERYDB_PUBLIC_URL?.trim().replace(/\/+$/, '') || null,
    clients: clientLimitsFromEnv(env, trustProxy),
    oidc: oidcConfigFromEnv(env),
  };
}
