import { AuthzError } from '@batterydb/authz';
import type { Command } from 'commander';
import { auditCsv } from '../../admin/audit-csv.ts';
import { auditFilterOf, auditNames, type AuditQuery } from '../../admin/audit-log.ts';
import { adminObjectModels } from '../../admin/object-models.ts';
import { asActor } from './admin-context.ts';
import type { CliIo } from './cli-io.ts';
import { DAY_MS, dayOf } from './lookups.ts';

interface AuditOptions {
  as?: string;
  actor?: string;
  user?: string;
  group?: string;
  experiment?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: string;
  format?: string;
}

const PAGE = 500;

/**
 * `batterydb audit`: the audit log with the admin page's filters, as text, CSV (the page's export)
 * or JSON lines — only what the acting account may see, like the page and the API.
 */
export function auditCommand(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description('the audit log, newest first (what the acting user may see), as text, csv or json lines')
    .option('--as <username>', 'act as this user (default: the one superuser)')
    .option('--actor <username>', 'who acted')
    .option('--user <username>', 'about this user')
    .option('--group <name>', 'about this group')
    .option('--experiment <number>', 'about this experiment')
    .option('--action <action>', 'e.g. grant.add, user.update')
    .option('--since <YYYY-MM-DD>', 'from the start of that day (UTC)')
    .option('--until <YYYY-MM-DD>', 'to the end of that day (UTC)')
    .option('--limit <n>', 'at most this many entries (default: all)')
    .option('--format <text|csv|json>', 'default text', 'text')
    .action((o: AuditOptions) =>
      asActor(io, o.as, { kind: 'staff', permission: 'auth.view_user' }, true, async ({ app, actor }) => {
        const { authz, connection } = app;
        const models = adminObjectModels(authz, connection.db);
        const about = [
          o.user === undefined ? null : ['auth.user', o.user],
          o.group === undefined ? null : ['auth.group', o.group],
          o.experiment === undefined ? null : ['batterydb.experiment', o.experiment],
        ].filter((x) => x !== null);
        if (about.length > 1)
          throw new AuthzError(
            'INVALID_INPUT',
            'name at most one of --user, --group, --experiment',
            'target',
          );
        const query: AuditQuery = {
          ...(o.actor === undefined ? {} : { actor: o.actor }),
          ...(o.action === undefined ? {} : { action: o.action }),
          ...(about[0] ? { targetType: about[0][0], target: about[0][1] } : {}),
          ...(o.since === undefined ? {} : { since: dayOf(o.since, 'since') }),
          ...(o.until === undefined ? {} : { until: new Date(dayOf(o.until, 'until').getTime() + DAY_MS) }),
        };
        const limit = o.limit === undefined ? Infinity : Number(o.limit);
        if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1)))
          throw new AuthzError('INVALID_INPUT', '--limit must be a whole number from 1', 'limit');
        if (!['text', 'csv', 'json'].includes(o.format ?? 'text'))
          throw new AuthzError('INVALID_INPUT', '--format must be text, csv or json', 'format');
        const { limit: _page, ...filter } = await auditFilterOf(authz, actor, query, PAGE);
        if (o.format === 'csv') {
          let lines = -1; // the header is not an entry
          for await (const line of auditCsv(authz, models, filter)) {
            if (lines++ >= limit) return;
            io.out(line.replace(/\r\n$/, ''));
          }
          return;
        }
        let printed = 0;
        let beforeId = filter.beforeId;
        for (;;) {
          const page = await authz.findAuditEntries({
            ...filter,
            ...(beforeId === undefined ? {} : { beforeId }),
            limit: PAGE,
          });
          const names = await auditNames(authz, models, page.entries);
          for (const e of page.entries) {
            if (printed++ >= limit) return;
            if (o.format === 'json')
              io.out(
                JSON.stringify({
                  ...e,
                  at: e.at.toISOString(),
                  actor: names.user(e.actorId),
                  targetName: names.target(e),
                }),
              );
            else
              io.out(
                `${e.at.toISOString()}  ${names.user(e.actorId)}  ${e.action}  ${e.target.type} ${names.target(e)}  ` +
                  `${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}`,
              );
          }
          if (page.nextBeforeId === null) return;
          beforeId = page.nextBeforeId;
        }
      }),
    );
}
