import type { Command } from 'commander';
import { ROLE_NAMES } from '../../accounts/admin-call.ts';
import { findGroups } from '../../accounts/find-accounts.ts';
import { changeAccountGroups } from '../../accounts/manage-memberships.ts';
import { asActor } from './admin-context.ts';
import type { CliIo } from './cli-io.ts';
import { groupNamed, userNamed } from './lookups.ts';

const CHANGE_USER = { kind: 'staff', permission: 'auth.change_user' } as const;

/** `batterydb groups list|add-member|remove-member`. */
export function groupsCommand(program: Command, io: CliIo): void {
  const groups = program.command('groups').description('list groups and roles, add and remove members');

  groups
    .command('list')
    .description('groups with their member counts; declared roles are marked')
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .action((o: { as?: string }) =>
      asActor(io, o.as, { kind: 'staff', permission: 'auth.view_group' }, true, async ({ app }) => {
        io.out(['group', 'members', 'kind'].join('\t'));
        let after: string | undefined;
        for (;;) {
          const page = await findGroups(app.connection.db, { limit: 100, ...(after ? { after } : {}) });
          for (const g of page.items)
            io.out(
              [g.name, String(g.memberCount), ROLE_NAMES.has(g.name) ? 'declared role' : 'group'].join('\t'),
            );
          if (page.nextCursor === null) return;
          after = page.nextCursor;
        }
      }),
    );

  for (const [action, add] of [
    ['add-member', true],
    ['remove-member', false],
  ] as const)
    groups
      .command(`${action} <group> <username>`)
      .description(add ? 'put a user into a group' : 'take a user out of a group')
      .option('--as <username>', 'act as this user (default: the one superuser)')
      .action((groupName: string, username: string, o: { as?: string }) =>
        asActor(io, o.as, CHANGE_USER, false, async ({ app, call }) => {
          const group = await groupNamed(app.authz, groupName);
          const user = await userNamed(app.authz, username);
          await changeAccountGroups(
            call,
            user.id,
            add ? { add: [group.id], remove: [] } : { add: [], remove: [group.id] },
            'group',
          );
          io.out(`${user.username} ${add ? 'is in' : 'is no longer in'} "${group.name}".`);
        }),
      );
}
