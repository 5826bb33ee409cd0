#!/usr/bin/env node
// The harvester's command: the JavaScript `npm run build` compiled into dist/. It needs Node
// alone (no native module, no dependency), on Windows and Linux alike.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(main)) {
  console.error('batterydb-harvester: dist/ is missing: run `npm run build` in the repository first');
  process.exit(1);
}
await import(main.href);
