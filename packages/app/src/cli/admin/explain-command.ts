import type { ModelPermissionReason } from '@batterydb/authz';
import type { Command } from 'commander';
import { explanationWords } from '../../admin/explain-words.ts';
import { adminObjectModels, objectPermissions } from '../../admin/object-models.ts';
import { asActor } from './admin-context.ts';
import type { CliIo } from './cli-io.ts';
import { fullPermission } from './grants-command.ts';
import { userNamed } from './lookups.ts';
import { AuthzError } from '@batterydb/authz';

function modelReason(reason: ModelPermissionReason): string {
  switch (reason.kind) {
    case 'superuser':
      return 'superuser';
    case 'user-permission':
      return 'their own permission';
    case 'group-permission':
      return `group "${reason.group}"`;
  }
}

const MODEL_DENIAL = {
  inactive: 'the account is inactive',
  'unknown-permission': 'no such permission is registered',
  'not-granted': 'neither the user nor any of their groups holds it',
  'outside-token-scope': 'the API token is not scoped to it',
} as const;

/**
 * `batterydb explain USER PERM [EXPERIMENT]`: yes or no, and why — the model-level decision, or
 * the object-level one with every reason (rule, role, grant to them or a group and its end) or
 * the reason why not (an expired grant, a grant that does not count on public data). What the
 * admin's "what can this user do" page shows; the experiment must be one the actor may view.
 */
export function explainCommand(program: Command, io: CliIo): void {
  program
    .command('explain <username> <permission> [experiment]')
    .description('does USER hold PERMISSION (on EXPERIMENT), and why; e.g. explain alice view 42')
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .action((username: string, typed: string, experiment: string | undefined, o: { as?: string }) =>
      asActor(io, o.as, { kind: 'staff', permission: 'auth.view_user' }, true, async ({ app, actor }) => {
        const { authz, connection } = app;
        const user = await userNamed(authz, username);
        const model = adminObjectModels(authz, connection.db)[0]!;
        const perm = fullPermission(typed, objectPermissions(authz, model.policy), model.policy.model.name);
        if (experiment === undefined) {
          const result = await authz.explainPerm(user.id, perm);
          io.out(
            result.allowed
              ? `yes: ${user.username} holds ${perm} through ${result.reasons.map(modelReason).join('; ')}`
              : `no: ${MODEL_DENIAL[result.why]}`,
          );
          return;
        }
        const id = /^[1-9][0-9]{0,9}$/.test(experiment) ? Number(experiment) : NaN;
        if (!Number.isSafeInteger(id))
          throw new AuthzError('INVALID_INPUT', 'experiment must be its number', 'id');
        // Only about an experiment the actor may see (404 in the API's words otherwise).
        const row = await model.load(actor, id, `${model.policy.model.app}.view_${model.policy.model.name}`);
        const { allowed, words } = explanationWords(
          await authz.objects(model.policy).explain(user.id, perm as never, row),
        );
        io.out(
          allowed
            ? `yes: ${user.username} may ${perm} on experiment ${id}: ${words}`
            : `${words === 'no' ? `no: ${user.username} holds no ${perm} on experiment ${id}` : words}`,
        );
      }),
    );
}
