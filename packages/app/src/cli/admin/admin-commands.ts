import type { Command } from 'commander';
import { auditCommand } from './audit-command.ts';
import type { CliIo } from './cli-io.ts';
import { explainCommand } from './explain-command.ts';
import { grantsCommand } from './grants-command.ts';
import { groupsCommand } from './groups-command.ts';
import { usersCommand } from './users-command.ts';

/**
 * The admin site's operations for operators without a browser (issue 11): the same domain
 * functions and the same policy as the pages and the API, acting as a named account.
 */
export function registerAdminCommands(program: Command, io: CliIo): void {
  usersCommand(program, io);
  groupsCommand(program, io);
  grantsCommand(program, io);
  explainCommand(program, io);
  auditCommand(program, io);
}
