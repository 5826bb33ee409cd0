import { setTimeout as sleep } from 'node:timers/promises';

/** A promise the test opens when it is ready: holds an upload (or a transaction) at a known point. */
export function gate(): { wait: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/**
 * Asks `probe` again (every 20 ms) until it returns something, and returns that. Waiting for a
 * state, never asserting a duration: `attempts` only turns a state that never comes into a
 * failure instead of a hang.
 */
export async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  what = 'the expected state',
  attempts = 3000,
): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    await sleep(20);
  }
  throw new Error(`gave up waiting for ${what}`);
}
