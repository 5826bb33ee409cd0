import { claimValues, type VerifiedIdentity } from '@batterydb/authz';
import * as client from 'openid-client';
import type { OidcConfig } from '../../config/oidc-config.ts';
import { type AuthorizeState, callbackUrl, providerOf } from './oidc-client.ts';

/**
 * The provider's answer, checked by openid-client with every check on: `state` (against the
 * pending one), the authorization response's `iss` (RFC 9207), the code exchanged with the PKCE
 * verifier, the ID token's signature (the provider's JWKS), issuer, audience, expiry and
 * `nonce`. The userinfo answer must be for the same `sub`. Throws on any mismatch.
 */
export async function verifyCallback(
  config: OidcConfig,
  query: string,
  pending: AuthorizeState,
): Promise<VerifiedIdentity> {
  const provider = await providerOf(config);
  const current = new URL(callbackUrl(config));
  current.search = query;
  const tokens = await client.authorizationCodeGrant(provider, current, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('the provider sent no ID token');
  const info = await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
  // Userinfo first (providers put profile claims there), the ID token's where it says nothing.
  const claims: Record<string, unknown> = { ...idClaims, ...info };
  const text = (name: string) => {
    const value = claims[name];
    return typeof value === 'string' ? value : null;
  };
  return {
    issuer: idClaims.iss,
    subject: idClaims.sub,
    email: text('email'),
    emailVerified: claims.email_verified === true,
    preferredUsername: text('preferred_username'),
    name: text('name'),
    roleValues: config.mapping ? claimValues(claims, config.mapping.claim) : [],
  };
}
