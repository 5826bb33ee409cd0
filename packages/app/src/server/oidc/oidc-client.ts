import * as client from 'openid-client';
import type { OidcConfig } from '../../config/oidc-config.ts';

/**
 * The provider's metadata and keys, discovered once per configuration (openid-client caches
 * the JWKS itself). A failed discovery is not remembered: the next sign-in tries again, so a
 * provider that was down at start does not keep the button broken.
 */
const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();

export function providerOf(config: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(config);
  if (!found) {
    // Plain HTTP only for a provider on this machine (config/oidc-config.ts refuses it elsewhere).
    const insecure = config.issuer.protocol === 'http:';
    found = client.discovery(config.issuer, config.clientId, config.clientSecret, undefined, {
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    found.catch(() => discovered.delete(config));
    discovered.set(config, found);
  }
  return found;
}

export function callbackUrl(config: OidcConfig): URL {
  return new URL('/sign-in/oidc/callback', config.redirectBase);
}

/** What the browser must keep for the callback (server-side, under the pending cookie). */
export interface AuthorizeState {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly next: string;
}

/** `openid email profile`, and the mapped claim's scope when the provider has one of that name. */
function scopesFor(config: OidcConfig, provider: client.Configuration): string {
  const claim = config.mapping?.claim;
  const supported = provider.serverMetadata().scopes_supported ?? [];
  return claim && supported.includes(claim) ? `openid email profile ${claim}` : 'openid email profile';
}

/** The provider's authorization URL for a fresh code flow with PKCE (S256), `state` and `nonce`. */
export async function startAuthorization(
  config: OidcConfig,
  next: string,
): Promise<{ url: URL; pending: AuthorizeState }> {
  const provider = await providerOf(config);
  const verifier = client.randomPKCECodeVerifier();
  const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier, next };
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: callbackUrl(config).href,
    scope: scopesFor(config, provider),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}
