/**
 * `BATTERYDB_OIDC_*` (issue 27): off when the issuer is unset; every mistake fails at start
 * with a message naming the variable; a role mapping can only name allowed roles, and the
 * allowed roles can never name staff or superuser.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { oidcConfigFromEnv } from '../../src/config/oidc-config.ts';

const GOOD = {
  BATTERYDB_OIDC_ISSUER: 'https://login.uni.example/realms/lab',
  BATTERYDB_OIDC_CLIENT_ID: 'batterydb',
  BATTERYDB_OIDC_CLIENT_SECRET: 's3cret',
  BATTERYDB_OIDC_REDIRECT_BASE: 'https://batterydb.uni.example',
  BATTERYDB_OIDC_EMAIL_DOMAINS: 'uni.example, @Chem.Uni.Example',
  BATTERYDB_OIDC_LABEL: 'Uni Example',
};

describe('OpenID Connect configuration', () => {
  test('unset issuer: off', () => {
    assert.equal(oidcConfigFromEnv({}), null);
    assert.equal(oidcConfigFromEnv({ BATTERYDB_OIDC_CLIENT_ID: 'x' }), null);
  });

  test('a full configuration, with a role mapping', () => {
    const config = oidcConfigFromEnv({
      ...GOOD,
      BATTERYDB_OIDC_ROLE_CLAIM: 'groups',
      BATTERYDB_OIDC_ALLOWED_ROLES: 'Maintainer, Contributor',
      BATTERYDB_OIDC_ROLE_MAP: 'curators=Maintainer; lab=Contributor|Maintainer',
      BATTERYDB_OIDC_DISABLE_LOCAL_PASSWORDS: '1',
    })!;
    assert.equal(config.issuer.href, 'https://login.uni.example/realms/lab');
    assert.deepEqual(config.allowedDomains, ['uni.example', 'chem.uni.example']);
    assert.equal(config.label, 'Uni Example');
    assert.equal(config.disableLocalPasswords, true);
    assert.deepEqual(config.mapping?.allowedRoles, ['Maintainer', 'Contributor']);
    assert.deepEqual(
      [...config.mapping.map],
      [
        ['curators', ['Maintainer']],
        ['lab', ['Contributor', 'Maintainer']],
      ],
    );
    assert.equal(oidcConfigFromEnv(GOOD)!.mapping, null);
  });

  const refused: [string, Record<string, string>, RegExp][] = [
    ['a missing client id', { BATTERYDB_OIDC_CLIENT_ID: '' }, /^BATTERYDB_OIDC_CLIENT_ID must be set/],
    ['a missing secret', { BATTERYDB_OIDC_CLIENT_SECRET: ' ' }, /^BATTERYDB_OIDC_CLIENT_SECRET must be set/],
    ['a missing label', { BATTERYDB_OIDC_LABEL: '' }, /^BATTERYDB_OIDC_LABEL must be set/],
    ['no e-mail domains', { BATTERYDB_OIDC_EMAIL_DOMAINS: ' , ' }, /^BATTERYDB_OIDC_EMAIL_DOMAINS must list/],
    [
      'an issuer that is no URL',
      { BATTERYDB_OIDC_ISSUER: 'login.uni' },
      /^BATTERYDB_OIDC_ISSUER must be a URL/,
    ],
    [
      'a plain-HTTP issuer elsewhere',
      { BATTERYDB_OIDC_ISSUER: 'http://login.uni.example' },
      /^BATTERYDB_OIDC_ISSUER must be an https/,
    ],
    [
      'a plain-HTTP redirect base',
      { BATTERYDB_OIDC_REDIRECT_BASE: 'http://db.uni.example' },
      /^BATTERYDB_OIDC_REDIRECT_BASE must be an https/,
    ],
    [
      'a bad flag',
      { BATTERYDB_OIDC_DISABLE_LOCAL_PASSWORDS: 'maybe' },
      /^BATTERYDB_OIDC_DISABLE_LOCAL_PASSWORDS/,
    ],
    [
      'a map without a claim',
      { BATTERYDB_OIDC_ROLE_MAP: 'a=Maintainer', BATTERYDB_OIDC_ALLOWED_ROLES: 'Maintainer' },
      /^BATTERYDB_OIDC_ROLE_CLAIM/,
    ],
    [
      'superuser allowed',
      { BATTERYDB_OIDC_ROLE_CLAIM: 'groups', BATTERYDB_OIDC_ALLOWED_ROLES: 'Superuser' },
      /^BATTERYDB_OIDC_ALLOWED_ROLES may not name "Superuser"/,
    ],
    [
      'staff allowed',
      { BATTERYDB_OIDC_ROLE_CLAIM: 'groups', BATTERYDB_OIDC_ALLOWED_ROLES: 'staff' },
      /^BATTERYDB_OIDC_ALLOWED_ROLES may not name "staff"/,
    ],
    [
      'a role not allowed',
      {
        BATTERYDB_OIDC_ROLE_CLAIM: 'groups',
        BATTERYDB_OIDC_ALLOWED_ROLES: 'Contributor',
        BATTERYDB_OIDC_ROLE_MAP: 'x=Maintainer',
      },
      /^BATTERYDB_OIDC_ROLE_MAP maps "x" to "Maintainer"/,
    ],
    [
      'a malformed map',
      {
        BATTERYDB_OIDC_ROLE_CLAIM: 'groups',
        BATTERYDB_OIDC_ALLOWED_ROLES: 'Maintainer',
        BATTERYDB_OIDC_ROLE_MAP: 'Maintainer',
      },
      /^BATTERYDB_OIDC_ROLE_MAP entries are value=Role/,
    ],
  ];
  for (const [what, change, message] of refused)
    test(`${what} fails at start, naming the variable`, () => {
      assert.throws(
        () => oidcConfigFromEnv({ ...GOOD, ...change }),
        (error: Error) => {
          assert.equal(error.name, 'ConfigError');
          assert.match(error.message, message);
          return true;
        },
      );
    });

  test('http is allowed for a provider on this machine only', () => {
    const config = oidcConfigFromEnv({ ...GOOD, BATTERYDB_OIDC_ISSUER: 'http://127.0.0.1:9000' });
    assert.equal(config?.issuer.host, '127.0.0.1:9000');
  });
});
