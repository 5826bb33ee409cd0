import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { type Browser, cookieOf, type TestServer } from './server.ts';

/**
 * The code an authenticator app shows at `ms` for a base32 secret, computed by an independent
 * implementation (`otpauth`), not the kit's: RFC 6238 SHA-1, 6 digits, 30 s.
 */
export function codeAt(secret: string, ms: number): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp: ms });
}

/** A page form post from a signed-in browser: form-encoded, with the session's CSRF field. */
export function postForm(browser: Browser, url: string, fields: Record<string, string> = {}) {
  return browser.request({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: browser.csrf ?? '' }).toString(),
  });
}

/** Enrols the browser's user through the pages: the secret read from the page, the first code, the ten recovery codes. */
export async function enrolThroughPages(s: TestServer, browser: Browser) {
  assert.equal((await postForm(browser, '/account/two-factor/begin')).statusCode, 303);
  const page = await browser.request({ method: 'GET', url: '/account/two-factor' });
  assert.equal(page.statusCode, 200);
  const secret = /<code class="token-value">([A-Z2-7]+)<\/code>/.exec(page.body)?.[1];
  assert.ok(secret, 'the page shows the secret for typing by hand');
  assert.match(page.body, /<svg class="qr-code"[^>]*role="img"/, 'and a QR code');
  const confirmed = await postForm(browser, '/account/two-factor/confirm', {
    code: codeAt(secret, s.clock.now),
  });
  assert.equal(confirmed.statusCode, 201, confirmed.body);
  const recoveryCodes = [...confirmed.body.matchAll(/<li><code>([A-Z2-7-]+)<\/code><\/li>/g)].map(
    (m) => m[1]!,
  );
  return { secret, recoveryCodes };
}

/** The password step of the sign-in page: its answer and the challenge cookie it set. */
export async function passwordStep(s: TestServer, username: string, password = `${username}-password`) {
  const response = await s.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password, next: '/experiments' }).toString(),
  });
  return { response, challenge: cookieOf(response, 'batterydb_sign_in') };
}

/** The code step with a challenge cookie. */
export function codeStep(s: TestServer, challenge: string, code: string): Promise<LightMyRequestResponse> {
  return s.app.inject({
    method: 'POST',
    url: '/sign-in/code',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `batterydb_sign_in=${challenge}`,
    },
    payload: new URLSearchParams({ code, next: '/experiments' }).toString(),
  });
}
