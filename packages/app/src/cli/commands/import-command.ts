import path from 'node:path';
import type { Command } from 'commander';
import { actingUser } from '../admin/acting-user.ts';
import { importTree, type ImportTreeSummary } from '../../bulk-import/import-tree.ts';
import { DEFAULT_RULES, readRules } from '../../bulk-import/path-rules.ts';
import { uploadSettingsFromEnv } from '../../server/routes/experiment-data/upload-settings.ts';
import type { openApp } from '../open-app.ts';

type App = Awaited<ReturnType<typeof openApp>>;

export interface ImportCommandOptions {
  as?: string;
  rules?: string;
  failures?: string;
}

/** Runs the import and answers the summary lines; the exit code is 1 when a file failed. */
export async function runImportCommand(
  app: App,
  folder: string,
  options: ImportCommandOptions,
  env: NodeJS.ProcessEnv,
  progress: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<{ summary: ImportTreeSummary; lines: string[] }> {
  const actor = await actingUser(app.authz, options.as, env);
  const failuresFile = path.resolve(options.failures ?? 'import-failures.csv');
  const summary = await importTree(app, actor, {
    root: path.resolve(folder),
    rules: options.rules ? await readRules(options.rules) : DEFAULT_RULES,
    failuresFile,
    maxBytes: uploadSettingsFromEnv(env).maxUploadBytes,
    progress,
  });
  const lines = [
    `Files: ${summary.files}; imported: ${summary.imported}; already there (skipped): ${summary.skipped}; failed: ${summary.failed}`,
  ];
  if (summary.failed > 0) lines.push(`What failed and why: ${failuresFile}`);
  return { summary, lines };
}

/** `batterydb import FOLDER [--rules FILE] [--as USER] [--failures FILE]`. */
export function registerImportCommand(
  program: Command,
  withApp: <T>(fn: (app: App) => Promise<T>) => Promise<T>,
): void {
  program
    .command('import')
    .description(
      'import a folder tree of cycler files into experiments by path rules (default: the first folder names ' +
        'the experiment); resumable — files already imported (SHA-256) are skipped; failures go to a CSV',
    )
    .argument('<folder>', 'the archive’s root folder')
    .option(
      '--rules <file>',
      'JSON rules: { "rules": [ { "match": GLOB, "experiment": TEMPLATE, "cell": TEMPLATE } ] }',
    )
    .option(
      '--as <user>',
      'the account that owns what is created (default: the one superuser; or BATTERYDB_AS)',
    )
    .option('--failures <file>', 'the CSV of failures (default: import-failures.csv)')
    .action((folder: string, options: ImportCommandOptions) =>
      withApp(async (app) => {
        const { summary, lines } = await runImportCommand(app, folder, options, process.env, process.stderr);
        for (const line of lines) console.log(line);
        if (summary.failed > 0) process.exitCode = 1;
      }),
    );
}
