import { NEVER_MAPPED, type RoleMapping } from '@batterydb/authz';
import { ROLE_READ_ONLY } from '../authz/roles.ts';
import { ConfigError } from './database-url.ts';

/** Institutional sign-in (OpenID Connect), from `BATTERYDB_OIDC_*`; null when not configured. */
export interface OidcConfig {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where BatteryDB is reached: the callback is `<base>/sign-in/oidc/callback`. */
  readonly redirectBase: URL;
  /** Lower case; the part of the e-mail after the last `@`. */
  readonly allowedDomains: readonly string[];
  /** The institution on the button: "Sign in with <label>". */
  readonly label: string;
  readonly mapping: RoleMapping | null;
  readonly disableLocalPasswords: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** An https URL (http only on the loopback, for a provider on the same machine). */
function url(name: string, raw: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)))
    throw new ConfigError(`${name} must be an https:// URL (http:// only for localhost), got "${raw}"`);
  return parsed;
}

/**
 * `BATTERYDB_OIDC_ROLE_MAP` is `value=Role|Role;value=Role`: a claim value, then the roles it
 * gives. Every role must be in `BATTERYDB_OIDC_ALLOWED_ROLES`, which may never name staff or
 * superuser (those are flags no provider may set) — a mistake fails at start, not at sign-in.
 */
function roleMapping(env: NodeJS.ProcessEnv): RoleMapping | null {
  const claim = (env.BATTERYDB_OIDC_ROLE_CLAIM ?? '').trim();
  const rawMap = (env.BATTERYDB_OIDC_ROLE_MAP ?? '').trim();
  const allowedRoles = list(env.BATTERYDB_OIDC_ALLOWED_ROLES);
  if (claim === '' && rawMap === '' && allowedRoles.length === 0) return null;
  if (claim === '')
    throw new ConfigError('BATTERYDB_OIDC_ROLE_CLAIM must name the claim to map, e.g. groups');
  for (const role of allowedRoles)
    if (NEVER_MAPPED.has(role.toLowerCase()))
      throw new ConfigError(
        `BATTERYDB_OIDC_ALLOWED_ROLES may not name "${role}": no claim gives staff or superuser`,
      );
  const map = new Map<string, string[]>();
  for (const entry of rawMap
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const at = entry.indexOf('=');
    const value = entry.slice(0, at).trim();
    const roles = entry
      .slice(at + 1)
      .split('|')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (at <= 0 || roles.length === 0)
      throw new ConfigError(`BATTERYDB_OIDC_ROLE_MAP entries are value=Role|Role, got "${entry}"`);
    for (const role of roles)
      if (!allowedRoles.includes(role))
        throw new ConfigError(
          `BATTERYDB_OIDC_ROLE_MAP maps "${value}" to "${role}", which BATTERYDB_OIDC_ALLOWED_ROLES does not list`,
        );
    map.set(value, roles);
  }
  return { claim, map, allowedRoles };
}

/** Reads `BATTERYDB_OIDC_*`: off when the issuer is unset; anything missing or wrong is named. */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = (env.BATTERYDB_OIDC_ISSUER ?? '').trim();
  if (issuer === '') return null;
  const required = (name: string) => {
    const value = (env[name] ?? '').trim();
    if (value === '') throw new ConfigError(`${name} must be set when BATTERYDB_OIDC_ISSUER is`);
    return value;
  };
  const allowedDomains = list(env.BATTERYDB_OIDC_EMAIL_DOMAINS).map((d) => d.toLowerCase().replace(/^@/, ''));
  if (allowedDomains.length === 0)
    throw new ConfigError('BATTERYDB_OIDC_EMAIL_DOMAINS must list the e-mail domains allowed to sign in');
  const disable = (env.BATTERYDB_OIDC_DISABLE_LOCAL_PASSWORDS ?? '').toLowerCase();
  if (!['', '0', '1', 'true', 'false', 'yes', 'no'].includes(disable))
    throw new ConfigError('BATTERYDB_OIDC_DISABLE_LOCAL_PASSWORDS must be 1 or 0');
  const label = required('BATTERYDB_OIDC_LABEL');
  if (label.length > 80) throw new ConfigError('BATTERYDB_OIDC_LABEL must be at most 80 characters');
  return {
    issuer: url('BATTERYDB_OIDC_ISSUER', issuer),
    clientId: required('BATTERYDB_OIDC_CLIENT_ID'),
    clientSecret: required('BATTERYDB_OIDC_CLIENT_SECRET'),
    redirectBase: url('BATTERYDB_OIDC_REDIRECT_BASE', required('BATTERYDB_OIDC_REDIRECT_BASE')),
    allowedDomains,
    label,
    mapping: roleMapping(env),
    disableLocalPasswords: ['1', 'true', 'yes'].includes(disable),
  };
}

/** The kit's options for provider sign-ins under this configuration. */
export function externalOptions(config: OidcConfig) {
  return {
    allowedDomains: config.allowedDomains,
    mapping: config.mapping,
    defaultRole: ROLE_READ_ONLY,
    disableLocalPassword: config.disableLocalPasswords,
  };
}
