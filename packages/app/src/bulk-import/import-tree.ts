import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { csvCell } from '../admin/audit-csv.ts';
import type { Connection } from '../db/connect.ts';
import { deleteImport } from '../imports/delete-import.ts';
import { recoverImports } from '../imports/recover-imports.ts';
import { runImport } from '../imports/run-import.ts';
import { safeFileName } from '../imports/safe-file-name.ts';
import { cellFinder } from './find-target-cell.ts';
import { experimentFinder } from './find-target-experiment.ts';
import { compileRules, type PathRule } from './path-rules.ts';
import { ProgressBar } from './progress-bar.ts';
import { walkTree } from './walk-tree.ts';

export interface ImportTreeOptions {
  readonly root: string;
  readonly rules: readonly PathRule[];
  /** Where the CSV of failures goes (written only when something failed). */
  readonly failuresFile: string;
  readonly maxBytes: number;
  /** The progress bar's stream (standard error). */
  readonly progress: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface ImportTreeSummary {
  readonly files: number;
  readonly imported: number;
  /** Already in their experiment (same SHA-256): a resumed run skips what the last one did. */
  readonly skipped: number;
  readonly failed: number;
}

const CSV_HEADER = ['path', 'experiment', 'reason', 'line', 'column'] as const;

/**
 * `batterydb import`: a folder tree into experiments by path rules, each file through the same
 * import pipeline as an upload (`runImport`: spooled, checked for duplicates, parsed, stored,
 * made visible whole, audited as `data.upload`). Resumable: imports a killed run left behind are
 * failed and cleaned up first (`recoverImports`: their runner's pid is gone), and a file whose
 * bytes its experiment already has (SHA-256) is skipped. Every failure is a row of the CSV
 * (path, experiment, reason, line, column) and is counted in the summary; one file's failure
 * never stops the others.
 */
export async function importTree(
  app: { connection: Connection; authz: AppAuthz },
  actor: Subject,
  options: ImportTreeOptions,
): Promise<ImportTreeSummary> {
  const { connection, authz } = app;
  await recoverImports(connection.db);
  const targetOf = compileRules(options.rules);
  const experimentOf = experimentFinder(authz, actor);
  const cellOf = cellFinder(authz, actor);
  const files = await walkTree(options.root);
  const bar = new ProgressBar(options.progress, files.length);
  let failures: FileHandle | null = null;
  const fail = async (cells: (string | number | null)[]) => {
    if (!failures) {
      failures = await open(options.failuresFile, 'w');
      await failures.write(`${CSV_HEADER.join(',')}\r\n`);
    }
    await failures.write(`${cells.map(csvCell).join(',')}\r\n`);
  };
  let [imported, skipped, failed] = [0, 0, 0];
  try {
    for (const [index, relative] of files.entries()) {
      bar.update(index, relative);
      const target = targetOf(relative);
      if (!target) {
        failed += 1;
        await fail([relative, null, 'no rule matches this path', null, null]);
        continue;
      }
      const full = path.join(options.root, relative);
      try {
        const experimentId = await experimentOf(target.experiment);
        if (!(await authz.experiments.hasPerm(actor, 'batterydb.change_experiment', experimentId)))
          throw new Error(`you may not add files to experiment "${target.experiment}"`);
        const sha256 = await sha256Of(full);
        if (await alreadyImported(connection, experimentId, sha256)) {
          skipped += 1;
          continue;
        }
        // A killed run's import that recovery failed with its file kept: import it anew.
        for (const kept of await keptFailedImports(connection, experimentId, sha256))
          await deleteImport(connection.db, kept);
        const fileName = safeFileName(path.basename(relative));
        // The rule's cell by label (made when missing); without one, a new cell named after the file.
        const cellId = target.cell === null ? null : await cellOf(experimentId, target.cell);
        const result = await runImport(connection, {
          experimentId,
          userId: actor.user.id,
          fileName,
          cellId,
          input: createReadStream(full),
          maxBytes: options.maxBytes,
          onPublish: (db, file) =>
            authz.withTransaction(db).recordAudit({
              actorId: actor.user.id,
              action: 'data.upload',
              target: { type: 'batterydb.experiment', id: experimentId },
              before: null,
              after: {
                importId: file.importId,
                fileId: file.fileId,
                fileName,
                format: file.format,
                path: relative,
              },
              clientAddress: 'cli',
            }),
        });
        if (result.ok) imported += 1;
        else {
          failed += 1;
          const { line, column } = result.error as { line?: number; column?: string };
          await fail([relative, target.experiment, result.error.message, line ?? null, column ?? null]);
        }
      } catch (error) {
        failed += 1;
        await fail([relative, target.experiment, (error as Error).message, null, null]);
      }
    }
    bar.update(files.length, 'done');
    bar.end();
  } finally {
    await (failures as FileHandle | null)?.close();
  }
  // A resumed run that fixed everything leaves no stale list behind.
  if (failed === 0) await rm(options.failuresFile, { force: true });
  return { files: files.length, imported, skipped, failed };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/** Failed imports of these bytes that kept their stored file (a run killed after storing it). */
async function keptFailedImports(
  connection: Connection,
  experimentId: number,
  sha256: string,
): Promise<number[]> {
  const rows = await connection.db
    .selectFrom('data_import as i')
    .innerJoin('data_file as f', 'f.id', 'i.file_id')
    .select('i.id')
    .where('f.experiment_id', '=', experimentId)
    .where('f.sha256', '=', sha256)
    .where('f.status', '=', 'stored')
    .where('f.replaced_by', 'is', null)
    .where('i.status', '=', 'failed')
    .execute();
  return rows.map((r) => r.id);
}

/** The experiment has these bytes already, complete: a resumed run skips them. */
async function alreadyImported(
  connection: Connection,
  experimentId: number,
  sha256: string,
): Promise<boolean> {
  const row = await connection.db
    .selectFrom('data_file')
    .select('id')
    .where('experiment_id', '=', experimentId)
    .where('sha256', '=', sha256)
    .where('status', '=', 'complete')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
