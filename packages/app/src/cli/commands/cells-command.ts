import { AuthzError } from '@batterydb/authz';
import type { Command } from 'commander';
import { moveFile } from '../../cells/change-cells.ts';
import { findCells } from '../../cells/find-cells.ts';
import { getExperiment } from '../../experiments/get-experiment.ts';
import { onExperiment } from '../../server/access.ts';
import { type AdminContext, asActor } from '../admin/admin-context.ts';
import type { CliIo } from '../admin/cli-io.ts';

interface MoveFileOptions {
  experiment: string;
  file: string;
  cell: string;
  position?: string;
  as?: string;
}

const wholeNumber = (text: string, option: string): number => {
  if (!/^[1-9]\d{0,9}$/.test(text))
    throw new AuthzError('INVALID_INPUT', `--${option} must be a whole number from 1`, option);
  return Number(text);
};

/**
 * Moves a file as `PATCH /api/experiments/:id/files/:fileId` does — the same decision (view,
 * else not found; change, else forbidden), the same domain function (`moveFile`), the same
 * `data.move-file` audit entry — and answers what each cell holds afterwards. A file or cell
 * of another experiment is refused with words that say so (never whether it exists elsewhere).
 */
export async function runMoveFile(
  { app, actor }: Pick<AdminContext, 'app' | 'actor'>,
  options: MoveFileOptions,
): Promise<string[]> {
  const experimentId = wholeNumber(options.experiment, 'experiment');
  const fileId = wholeNumber(options.file, 'file');
  const cellId = wholeNumber(options.cell, 'cell');
  const position = options.position === undefined ? undefined : wholeNumber(options.position, 'position');
  const db = app.connection.db;
  await getExperiment(app.authz, db, actor, experimentId, 'batterydb.change_experiment');
  const target = { cellId, ...(position === undefined ? {} : { position }) };
  let moved: { from: number | null };
  try {
    moved = await moveFile(db, experimentId, fileId, target);
  } catch (error) {
    if (error instanceof AuthzError && error.code === 'NOT_FOUND')
      throw new AuthzError(
        'NOT_FOUND',
        error.field === 'fileId'
          ? `file ${fileId} is not a file of experiment ${experimentId}`
          : `cell ${cellId} is not a cell of experiment ${experimentId}: a file moves between cells of its own experiment`,
        error.field === 'fileId' ? 'file' : 'cell',
      );
    throw error;
  }
  await app.authz.withTransaction(db).recordAudit({
    actorId: actor.user.id,
    action: 'data.move-file',
    target: { type: 'batterydb.experiment', id: experimentId },
    before: null,
    after: { fileId, from: moved.from, ...target },
    clientAddress: 'cli',
  });
  const cells = await findCells(db, experimentId);
  const touched = cells.filter((c) => c.id === cellId || c.id === moved.from);
  const name = cells.flatMap((c) => c.files).find((f) => f.id === fileId)?.fileName ?? String(fileId);
  return [
    `moved file ${fileId} (${name}) to cell ${cellId}`,
    ...touched.map(
      (c) =>
        `cell ${c.id} (${c.label}): ${c.files.map((f) => `${f.position}. ${f.fileName}`).join(', ') || 'no files'}`,
    ),
  ];
}

/** `batterydb cells move-file --experiment ID --file ID --cell ID [--position N] [--as USER]`. */
export function cellsCommand(program: Command, io: CliIo): void {
  const command = program.command('cells').description('the cells of an experiment');
  command
    .command('move-file')
    .description('move a data file to another cell of the same experiment (its cycles continue that cell’s)')
    .requiredOption('--experiment <id>', 'the experiment')
    .requiredOption('--file <id>', 'the data file to move')
    .requiredOption('--cell <id>', 'the cell of the same experiment it moves to')
    .option('--position <n>', 'its place among the cell’s files, from 1 (default: last)')
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .action((options: MoveFileOptions) =>
      asActor(io, options.as, onExperiment('batterydb.change_experiment').access, false, async (context) => {
        for (const line of await runMoveFile(context, options)) io.out(line);
      }),
    );
}
