import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it (CI clones the repository anywhere). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** The real cycler files of SOURCES.md live beside the repository, never inside it. */
export const CYCLER_DATA = path.resolve(REPO_ROOT, '../shared/data/cyclers');
export const HAVE_CYCLER_DATA = existsSync(path.join(CYCLER_DATA, 'SOURCES.md'));

export const mAh = 1e-3;
