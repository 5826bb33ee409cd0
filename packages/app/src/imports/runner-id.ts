import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process, as written into the imports it runs: `host:pid:start`. The random part tells a
 * restarted process from its previous life when the pid is the same (pid 1 in a container).
 */
export const RUNNER_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * Whether the process that wrote `runner` is certainly gone, as far as this machine can tell:
 * no runner at all (a record from before runners were written), a previous life of this pid,
 * or a pid of this host that no longer exists. A runner on another host is never "certainly
 * gone": only its silence (no progress written for a while) says so.
 */
export function runnerIsGone(runner: string | null): boolean {
  if (runner === null) return true;
  if (runner === RUNNER_ID) return false;
  const match = /^(.*):(\d+):([0-9a-f]+)$/.exec(runner);
  if (!match) return true;
  const [, host, pid] = match;
  if (host !== hostname()) return false;
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
