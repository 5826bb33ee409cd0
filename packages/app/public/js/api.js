// @ts-check
/**
 * fetch() to the JSON API from the pages: same origin, the session cookie, and the session's
 * CSRF token (from <meta name="csrf-token">) on unsafe requests, as the API asks.
 */

/** @returns {string} */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta instanceof HTMLMetaElement ? meta.content : '';
}

/**
 * An API problem (RFC 9457) as an Error, with the field and the import's line/column if any.
 */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Problem} body
   */
  constructor(status, body) {
    super(body.detail ?? `request failed (${status})`);
    this.status = status;
    this.field = body.field;
    this.line = body.line ?? null;
    this.column = body.column ?? null;
  }
}

/** @typedef {{ detail?: string, field?: string, line?: number | null, column?: string | null }} Problem */

/**
 * GET a JSON resource of the API; the caller says what it expects (a JSDoc cast).
 * @param {string} url
 * @param {AbortSignal} [signal]
 * @returns {Promise<unknown>}
 */
export async function getJson(url, signal) {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
  const body = /** @type {unknown} */ (await response.json().catch(() => ({})));
  if (!response.ok) throw new ApiError(response.status, /** @type {Problem} */ (body));
  return body;
}

/**
 * JSON.parse, typed honestly: the caller says what it expects (a JSDoc cast).
 * @param {string} text
 * @returns {unknown}
 */
export const parseJson = (text) => JSON.parse(text);

/**
 * Waits `ms` milliseconds.
 * @param {number} ms
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
