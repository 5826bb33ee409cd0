/**
 * Where the tests find the real cycler files (SOURCES.md): beside the repository, never inside
 * it. Suites that need them call {@link withoutCyclerData} where the files are missing, so the
 * run reports them as skipped with the reason — or, under CI=true, as failed: CI must test them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it (CI clones the repository anywhere). */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Beside the repository; `CYCLER_DATA=…` points elsewhere (a git worktree is not beside it). */
export const CYCLER_DATA = process.env.CYCLER_DATA ?? path.resolve(REPO_ROOT, '../shared/data/cyclers');
export const HAVE_CYCLER_DATA = existsSync(path.join(CYCLER_DATA, 'SOURCES.md'));

/** Registers the place of `suite` when the files are missing: skipped with the reason, failed under CI=true. */
export function withoutCyclerData(suite: string): void {
  const reason = `the real cycler files are not at ${CYCLER_DATA}`;
  if (process.env.CI === 'true')
    test(suite, () => {
      throw new Error(
        `${reason}, and CI=true must test them (check out ../shared/data beside the repository)`,
      );
    });
  else test(suite, { skip: reason }, () => undefined);
}
