import { createRequire } from 'node:module';
import { AuthzError } from '@batterydb/authz';
import { Command } from 'commander';
import { ConfigError } from '../config/database-url.ts';
import { BackupRefusal } from '../backup/backup-refusal.ts';
import { registerBackupCommands } from './commands/backup-commands.ts';
import { createSuperuser } from './commands/createsuperuser.ts';
import { cellsCommand } from './commands/cells-command.ts';
import { exportCommand } from './commands/export-command.ts';
import { runDemo } from './commands/demo.ts';
import { permsCheck } from './commands/perms-check.ts';
import { removeSecondFactorCommand } from './commands/second-factor.ts';
import { serve } from './commands/serve.ts';
import { throttleList, type ThrottleOptions, throttleReset } from './commands/throttle.ts';
import { openApp } from './open-app.ts';
import { registerAdminCommands } from './admin/admin-commands.ts';
import { processIo } from './admin/cli-io.ts';
import { registerImportCommand } from './commands/import-command.ts';

/** Runs `fn` with an open, migrated database and closes it whatever happens. */
async function withApp<T>(fn: (app: Awaited<ReturnType<typeof openApp>>) => Promise<T>): Promise<T> {
  const app = await openApp();
  try {
    return await fn(app);
  } finally {
    await app.connection.close();
  }
}

/** The app package's own version (the same path from src/cli and dist/cli). */
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('batterydb')
  .description('BatteryDB: a permissioned database for battery experiments')
  .version(version, '-V, --version', 'print the version');

program
  .command('init')
  .description('create or upgrade the database: schema, permissions and the default roles')
  .action(() =>
    withApp(({ report }) => {
      console.log(
        `Migrations applied: ${report.applied.length ? report.applied.join(', ') : 'none (up to date)'}`,
      );
      console.log(`Permissions created: ${report.permissionsCreated}`);
      for (const role of report.roles) {
        const change = role.created
          ? 'created'
          : role.added.length || role.removed.length
            ? 'updated'
            : 'unchanged';
        console.log(`Role "${role.role}": ${change}`);
      }
      return Promise.resolve();
    }),
  );

program
  .command('createsuperuser')
  .description('create a superuser (interactive, or --username/--email with BATTERYDB_PASSWORD or stdin)')
  .option('--username <name>')
  .option('--email <address>')
  .action((options: { username?: string; email?: string }) =>
    withApp(async ({ authz }) => console.log(await createSuperuser(authz, options))),
  );

program
  .command('demo')
  .description(
    'create one demo user per role (passwords printed once) and experiments with data from the real ' +
      'cycler files in ../shared/data/cyclers, else from the ones shipped in fixtures/cyclers, else ' +
      'synthetic data; refuses a second run',
  )
  .option('--data <dir>', 'folder of cycler files (default: ../shared/data/cyclers beside the repository)')
  .option('--synthetic', 'use generated data even when the real files are there')
  .action((options: { data?: string; synthetic?: boolean }) =>
    withApp(async (app) => {
      for (const line of await runDemo(app, options)) console.log(line);
    }),
  );

program
  .command('serve')
  .description(
    'migrate and serve HTTP on HOST:PORT (default 127.0.0.1:3000) with WORKERS processes (default one per core)',
  )
  .action(async () => {
    await serve(process.env, version);
  });

program
  .command('perms')
  .description('inspect permissions')
  .command('check <username> <permission>')
  .description('print yes/no and why the user has (or lacks) a model-level permission')
  .action((username: string, perm: string) =>
    withApp(async ({ authz }) => console.log((await permsCheck(authz, username, perm)).line)),
  );

const throttle = program
  .command('throttle')
  .description('see and lift sign-in throttling (failed sign-ins per account and address)');
throttle
  .command('list')
  .description('show locked account/address pairs, locked addresses and delayed accounts')
  .option('--user <username>', 'only this account (the name as typed at sign-in, known or not)')
  .option('--address <ip>', 'only this client address')
  .action((options: ThrottleOptions) =>
    withApp(async ({ authz }) => {
      for (const line of await throttleList(authz, options)) console.log(line);
    }),
  );
throttle
  .command('reset')
  .description('forget failed sign-ins, lifting their locks and delays (audited)')
  .option('--user <username>', 'of this account')
  .option('--address <ip>', 'from this client address')
  .option('--all', 'of every account and address')
  .action((options: ThrottleOptions) =>
    withApp(async ({ authz }) => console.log(await throttleReset(authz, options))),
  );

program
  .command('second-factor')
  .description('two-factor sign-in of an account')
  .command('remove')
  .description("remove an account's second factor and recovery codes (lost phone; audited)")
  .requiredOption('--user <username>', 'the account')
  .action((options: { user: string }) =>
    withApp(async ({ authz }) => console.log(await removeSecondFactorCommand(authz, options.user))),
  );

registerAdminCommands(program, processIo);
exportCommand(program, processIo);
cellsCommand(program, processIo);
registerBackupCommands(program, version);
registerImportCommand(program, withApp);

// Expected failures are one clear line and a non-zero exit, never a stack trace.
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof BackupRefusal) {
    // A refusal is a decision with a name (scripts test the exit code and the reason).
    console.error(`batterydb: refused (${error.reason}): ${error.message}`);
    process.exit(2);
  }
  if (error instanceof ConfigError || error instanceof AuthzError) {
    const field = error instanceof AuthzError && error.field ? ` (${error.field})` : '';
    console.error(`batterydb: ${error.message}${field}`);
  } else {
    console.error(`batterydb: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEBUG) console.error(error);
  }
  process.exit(1);
});
