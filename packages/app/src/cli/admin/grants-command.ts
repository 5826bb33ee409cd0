import { AuthzError, type GrantHolder } from '@batterydb/authz';
import type { Command } from 'commander';
import { adminObjectModels, objectPermissions } from '../../admin/object-models.ts';
import { asActor } from './admin-context.ts';
import type { CliIo } from './cli-io.ts';
import { DAY_MS, dayOf, groupNamed, userNamed } from './lookups.ts';

interface GrantOptions {
  as?: string;
  user?: string;
  group?: string;
  until?: string;
}

/**
 * Permissions as typed: a full name (`batterydb.view_experiment`) or the action alone (`view`,
 * `change`, `delete`, `change_status`). Anything else goes on to the grant policy, which names it.
 */
export function fullPermission(typed: string, perms: readonly string[], model: string): string {
  if (typed.includes('.')) return typed;
  const action = typed.replaceAll('-', '_');
  return perms.find((p) => p.split('.')[1]!.replace(`_${model}`, '') === action) ?? typed;
}

/**
 * `batterydb grant|revoke EXPERIMENT (--user U | --group G) PERMISSION...` — the sharing API's
 * own function (`shareExperiment`: `change_experiment` on it, then the kit's one grant policy),
 * so `--as` someone gets the API's answers to that someone.
 */
export function grantsCommand(program: Command, io: CliIo): void {
  for (const mode of ['grant', 'revoke'] as const)
    program
      .command(`${mode} <experiment> <permissions...>`)
      .description(
        mode === 'grant'
          ? 'grant permissions on an experiment to a user or group (view, change, delete, change_status), optionally --until a day'
          : 'revoke granted permissions on an experiment from a user or group',
      )
      .option('--as <username>', 'act as this user (default: the one superuser)')
      .option('--user <username>')
      .option('--group <name>')
      .option('--until <YYYY-MM-DD>', 'grant only: it ends at the end of that day (UTC)')
      .action((experiment: string, typed: string[], o: GrantOptions) =>
        asActor(
          io,
          o.as,
          { kind: 'object', model: 'batterydb.experiment', permission: 'batterydb.change_experiment' },
          false,
          async ({ app, actor }) => {
            const { authz, connection } = app;
            const model = adminObjectModels(authz, connection.db)[0]!;
            const id = /^[1-9][0-9]{0,9}$/.test(experiment) ? Number(experiment) : NaN;
            if (!Number.isSafeInteger(id))
              throw new AuthzError('INVALID_INPUT', 'experiment must be its number', 'id');
            if ((o.user === undefined) === (o.group === undefined))
              throw new AuthzError('INVALID_INPUT', 'name exactly one of --user or --group', 'user');
            if (mode === 'revoke' && o.until !== undefined)
              throw new AuthzError('INVALID_INPUT', '--until is for grant only', 'until');
            const holder: GrantHolder =
              o.user !== undefined
                ? { user: (await userNamed(authz, o.user)).id }
                : { group: (await groupNamed(authz, o.group!)).id };
            const perms = objectPermissions(authz, model.policy);
            const permissions = typed.map((p) => fullPermission(p, perms, model.policy.model.name));
            const expiresAt =
              o.until === undefined ? null : new Date(dayOf(o.until, 'until').getTime() + DAY_MS - 1);
            await model.changeGrants(actor, id, { holder, permissions, expiresAt }, mode, 'cli');
            const who = o.user !== undefined ? `user ${o.user}` : `group ${o.group}`;
            io.out(
              mode === 'grant'
                ? `Granted ${permissions.join(', ')} on experiment ${id} to ${who}${expiresAt ? ` until ${o.until}` : ''}.`
                : `Revoked ${permissions.join(', ')} on experiment ${id} from ${who}.`,
            );
          },
        ),
      );
}
