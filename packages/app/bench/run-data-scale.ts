import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA_SCALE = fileURLToPath(new URL('./data-scale.ts', import.meta.url));

/**
 * The sizes `--scale lab` stands for: the 300,000 and 3,000,000-sample files, and the
 * 10,000,000-sample tier (100 files of 100,000 samples in one experiment).
 */
export const LAB_SCALE = '300000x1,3000000x1,100000x100';

/** `SAMPLESxFILES[,…]` (or `lab`) into the sizes to run; a bad entry is an error naming it. */
export function parseScale(spec: string): { samples: number; files: number }[] {
  return (spec === 'lab' ? LAB_SCALE : spec).split(',').map((entry) => {
    const match = /^(\d+)x(\d+)$/.exec(entry.trim());
    const [samples, files] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
    if (!(samples >= 1000) || !(files >= 1))
      throw new Error(
        `--scale: "${entry}" is not SAMPLESxFILES (samples ≥ 1000 a file, files ≥ 1), nor "lab"`,
      );
    return { samples, files };
  });
}

/**
 * `npm run bench -- --scale …`: each size through `data-scale.ts` in its own process (its
 * peak RSS is then that size's alone), on each dialect, printing its lines as it goes. Returns
 * the figures under `scale/<db>/<samples>x<files>`; a size whose process failed is `null`
 * (and the bench exits non-zero).
 */
export async function runDataScale(
  spec: string,
  dbs: readonly string[],
  repeat: number,
): Promise<Record<string, unknown>> {
  const sizes = parseScale(spec);
  const dir = mkdtempSync(join(tmpdir(), 'batterydb-bench-scale-json-'));
  const results: Record<string, unknown> = {};
  try {
    for (const { samples, files } of sizes)
      for (const db of dbs) {
        const json = join(dir, `${db}-${samples}x${files}.json`);
        const args = ['--import', 'tsx', '--conditions=@batterydb/source', DATA_SCALE];
        args.push('--db', db, '--samples', String(samples), '--files', String(files));
        args.push('--repeat', String(repeat), '--json', json);
        console.error(`[scale ${db} ${samples}x${files}] data-scale.ts…`);
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
        const [code] = (await once(child, 'exit')) as [number | null];
        const key = `scale/${db}/${samples}x${files}`;
        if (code !== 0) {
          console.error(`[scale ${db} ${samples}x${files}] failed (exit ${code})`);
          results[key] = null;
          continue;
        }
        const figures = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
        results[key] = figures[`${db}/${samples}x${files}`] ?? null;
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
