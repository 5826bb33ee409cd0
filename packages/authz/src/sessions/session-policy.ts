/**
 * How long a session lives. The idle limit ends sessions left open on a shared machine; the
 * absolute limit bounds what a stolen cookie is worth, however busy it is kept.
 */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

const HOUR = 60 * 60 * 1000;

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * HOUR, absoluteMs: 7 * 24 * HOUR };

/** Last-seen times are written at most this often, not at every request. */
export const TOUCH_INTERVAL_MS = 60 * 1000;
