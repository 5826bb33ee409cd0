import { AuthzError } from '@batterydb/authz';
import type { Command } from 'commander';
import {
  findUsers,
  groupNamesOf,
  LAST_LOGIN_FILTERS,
  USER_SORTS,
  type UserQuery,
  userSearchContext,
} from '../../accounts/find-users.ts';
import { createAccount, setAccountPassword, updateAccount } from '../../accounts/manage-users.ts';
import { userJson } from '../../server/presenters/json.ts';
import { asActor } from './admin-context.ts';
import type { CliIo } from './cli-io.ts';
import { groupNamed, userNamed, yesNo } from './lookups.ts';

const VIEW = { kind: 'staff', permission: 'auth.view_user' } as const;
const CHANGE = { kind: 'staff', permission: 'auth.change_user' } as const;
const ADD = { kind: 'staff', permission: 'auth.add_user' } as const;

interface ListOptions {
  as?: string;
  search?: string;
  active?: string;
  staff?: string;
  superuser?: string;
  group?: string;
  hasGrants?: string;
  lastLogin?: string;
  sort?: string;
  limit?: string;
  json?: boolean;
}

/** The password of a new account or a reset: BATTERYDB_PASSWORD or standard input, never an argument (the process list shows arguments). */
async function passwordFrom(io: CliIo): Promise<string> {
  const password = io.env.BATTERYDB_PASSWORD ?? (await io.readStdin()) ?? '';
  if (password === '')
    throw new AuthzError(
      'INVALID_INPUT',
      'set BATTERYDB_PASSWORD or pipe the password on standard input',
      'password',
    );
  return password;
}

/** `batterydb users list|create|deactivate|reactivate|set-password`: the admin's user operations. */
export function usersCommand(program: Command, io: CliIo): void {
  const users = program
    .command('users')
    .description('list, create, deactivate, reactivate users and set passwords');

  users
    .command('list')
    .description('users with their flags and groups (filters as on /admin/users), tab-separated')
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .option('--search <text>', 'part of the username, e-mail or name')
    .option('--active <yes|no>')
    .option('--staff <yes|no>')
    .option('--superuser <yes|no>')
    .option('--group <name>', 'members of this group')
    .option('--has-grants <yes|no>', 'holds object grants of their own')
    .option('--last-login <when>', LAST_LOGIN_FILTERS.join(' | '))
    .option('--sort <order>', USER_SORTS.join(' | '))
    .option('--limit <n>', 'at most this many')
    .option('--json', 'one JSON object per user and line')
    .action((o: ListOptions) =>
      asActor(io, o.as, VIEW, true, async ({ app }) => {
        const { authz, connection } = app;
        const query: UserQuery = { limit: 100 };
        if (o.search !== undefined) query.search = o.search;
        for (const [key, value] of [
          ['active', o.active],
          ['staff', o.staff],
          ['superuser', o.superuser],
          ['hasGrants', o.hasGrants],
        ] as const) {
          const flag = yesNo(value, key);
          if (flag !== undefined) query[key] = flag;
        }
        if (o.group !== undefined) query.groupId = (await groupNamed(authz, o.group)).id;
        if (o.lastLogin !== undefined) {
          if (!(LAST_LOGIN_FILTERS as readonly string[]).includes(o.lastLogin))
            throw new AuthzError(
              'INVALID_INPUT',
              `--last-login must be one of ${LAST_LOGIN_FILTERS.join(', ')}`,
              'lastLogin',
            );
          query.lastLogin = o.lastLogin as UserQuery['lastLogin'] & string;
        }
        if (o.sort !== undefined) {
          if (!(USER_SORTS as readonly string[]).includes(o.sort))
            throw new AuthzError('INVALID_INPUT', `--sort must be one of ${USER_SORTS.join(', ')}`, 'sort');
          query.sort = o.sort as UserQuery['sort'] & string;
        }
        const limit = o.limit === undefined ? Infinity : Number(o.limit);
        if (!(limit >= 1))
          throw new AuthzError('INVALID_INPUT', '--limit must be a positive number', 'limit');
        if (!o.json) io.out(['username', 'name', 'e-mail', 'flags', 'groups', 'last sign-in'].join('\t'));
        let printed = 0;
        // Keyset pages of 100: memory stays flat for any number of users.
        for (;;) {
          const page = await findUsers(connection.db, query, userSearchContext(authz));
          const groups = await groupNamesOf(
            connection.db,
            page.items.map((u) => u.id),
          );
          for (const u of page.items) {
            if (printed++ >= limit) return;
            if (o.json) io.out(JSON.stringify({ ...userJson(u), groups: groups.get(u.id) ?? [] }));
            else
              io.out(
                [
                  u.username,
                  u.fullName,
                  u.email,
                  [
                    u.isActive ? 'active' : 'inactive',
                    u.isStaff ? 'staff' : '',
                    u.isSuperuser ? 'superuser' : '',
                  ]
                    .filter(Boolean)
                    .join(','),
                  (groups.get(u.id) ?? []).join(','),
                  u.lastLogin?.toISOString() ?? 'never',
                ].join('\t'),
              );
          }
          if (page.nextCursor === null) return;
          query.after = page.nextCursor;
        }
      }),
    );

  users
    .command('create <username>')
    .description(
      'create a user (needs auth.add_user and auth.change_user); password from BATTERYDB_PASSWORD or stdin',
    )
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .option('--email <address>')
    .option('--name <full name>')
    .option('--staff', 'may use the admin site')
    .option('--superuser', 'every permission (superusers only)')
    .option('--no-password', 'no usable password until one is set')
    .action(
      (
        username: string,
        o: {
          as?: string;
          email?: string;
          name?: string;
          staff?: boolean;
          superuser?: boolean;
          password: boolean;
        },
      ) =>
        asActor(io, o.as, ADD, false, async ({ call }) => {
          const user = await createAccount(call, {
            username,
            ...(o.email === undefined ? {} : { email: o.email }),
            ...(o.name === undefined ? {} : { fullName: o.name }),
            ...(o.password ? { password: await passwordFrom(io) } : {}),
            isStaff: o.staff === true,
            ...(o.superuser ? { isSuperuser: true } : {}),
          });
          io.out(`User "${user.username}" created (id ${user.id}).`);
        }),
    );

  for (const [action, isActive] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const)
    users
      .command(`${action} <username>`)
      .description(
        isActive
          ? 'let a deactivated user sign in again (no old session or token comes back)'
          : 'stop a user signing in; ends their sessions and API tokens for good',
      )
      .option('--as <username>', 'act as this user (default: the one superuser)')
      .action((username: string, o: { as?: string }) =>
        asActor(io, o.as, CHANGE, false, async ({ app, call }) => {
          const user = await updateAccount(call, (await userNamed(app.authz, username)).id, { isActive });
          io.out(
            `${user.username} is ${isActive ? 'active again' : 'deactivated; their sessions and API tokens have ended'}.`,
          );
        }),
      );

  users
    .command('set-password <username>')
    .description("set a user's password from BATTERYDB_PASSWORD or stdin; ends their sessions and API tokens")
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .option('--unusable', 'leave no usable password instead')
    .action((username: string, o: { as?: string; unusable?: boolean }) =>
      asActor(io, o.as, CHANGE, false, async ({ app, call }) => {
        const user = await userNamed(app.authz, username);
        await setAccountPassword(call, user.id, o.unusable ? null : await passwordFrom(io));
        io.out(
          `Password of ${user.username} ${o.unusable ? 'made unusable' : 'set'}; their sessions and API tokens have ended.`,
        );
      }),
    );
}
