#!/usr/bin/env node
// The production CLI: the JavaScript that `npm run build` (npm ci's `prepare` step) compiles
// into dist/. No dev dependency at runtime. For the sources: `npm run dev -- <command>`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'batterydb: packages/app/dist is missing: run `npm run build` (it needs the dev dependencies)',
  );
  process.exit(1);
}
await import(main.href);
