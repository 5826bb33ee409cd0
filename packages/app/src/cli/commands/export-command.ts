import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuthzError } from '@batterydb/authz';
import type { Command } from 'commander';
import { CYCLE_TABLE_FORMATS } from '../../data-out/cycle-table.ts';
import type { GroupFilter } from '../../data-out/cycle-groups.ts';
import { type Download, exportCycleTable } from '../../data-out/export-cycle-table.ts';
import { exportTimeseries, TIMESERIES_FORMATS } from '../../data-out/export-timeseries.ts';
import { type AdminContext, asActor } from '../admin/admin-context.ts';
import type { CliIo } from '../admin/cli-io.ts';

interface ExportOptions {
  as?: string;
  format: string;
  file?: string;
  cell?: string;
  out?: string;
}

type Make = (
  context: AdminContext,
  experimentId: number,
  filter: GroupFilter,
  format: string,
) => Promise<Download>;

const wholeNumber = (text: string, field: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(text))
    throw new AuthzError('INVALID_INPUT', `${field} must be a whole number`, field);
  return Number(text);
};

function oneOf<T extends string>(formats: readonly T[], format: string): T {
  if (!(formats as readonly string[]).includes(format))
    throw new AuthzError('INVALID_INPUT', `--format must be one of ${formats.join(', ')}`, 'format');
  return format as T;
}

/**
 * `batterydb export cycles|series <experiment>`: the API's downloads (the same functions, the
 * same decision, acting as `--as` or the one superuser), to `--out FILE` or standard output.
 */
export function exportCommand(
  program: Command,
  io: CliIo,
  stdout: () => Writable = () => process.stdout,
): void {
  const command = program.command('export').description('per-cycle tables and time series of an experiment');
  const subcommand = (name: string, description: string, formats: readonly string[], make: Make) =>
    command
      .command(`${name} <experiment>`)
      .description(description)
      .option('--format <format>', formats.join(' | '), 'csv')
      .option('--cell <id>', 'one cell of the experiment only (its files in the cell’s order)')
      .option('--file <id>', 'one data file of the experiment only')
      .option('--out <path>', 'write here (default: standard output)')
      .option('--as <username>', 'act as this user (default: the one superuser)')
      .action((experiment: string, o: ExportOptions) =>
        asActor(io, o.as, { kind: 'signed-in' }, true, async (context) => {
          const id = wholeNumber(experiment, 'experiment');
          const filter = {
            ...(o.cell === undefined ? {} : { cellId: wholeNumber(o.cell, 'cell') }),
            ...(o.file === undefined ? {} : { fileId: wholeNumber(o.file, 'file') }),
          };
          const download = await make(context, id, filter, o.format);
          await pipeline(
            Readable.from(download.body),
            o.out === undefined ? stdout() : createWriteStream(o.out),
          );
          if (o.out !== undefined) io.out(`wrote ${download.fileName} to ${o.out}`);
        }),
      );

  subcommand(
    'cycles',
    'the per-cycle table (CSV; XLSX with a sheet per cell and a metadata sheet; Parquet)',
    CYCLE_TABLE_FORMATS,
    ({ app, actor }, id, filter, format) =>
      exportCycleTable(app.authz, app.connection.db, actor, id, oneOf(CYCLE_TABLE_FORMATS, format), filter),
  );
  subcommand(
    'series',
    'every sample (CSV in Battery Data Format names, Parquet, JSON)',
    TIMESERIES_FORMATS,
    ({ app, actor }, id, filter, format) =>
      exportTimeseries(app.authz, app.connection.db, actor, id, oneOf(TIMESERIES_FORMATS, format), filter),
  );
}
