/**
 * What every user (and a signed-out visitor) gets from a database, through the site's own
 * functions: the experiments listed to them, their rights on each (`getPerms`, the check, not the
 * list), their model permissions, and the bytes of every file they may download. Two databases
 * with equal results serve everyone the same — the copy and restore tests compare these.
 */
import { createAppAuthz } from '../../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../../src/config/database-url.ts';
import { connect } from '../../../src/db/connect.ts';
import { readFileBytes } from '../../../src/measurements/file-bytes.ts';

export async function seenByUsers(url: string): Promise<Record<string, unknown>> {
  const connection = await connect(parseDatabaseUrl(url));
  try {
    const authz = createAppAuthz(connection.db, { subjectCacheSize: 0 });
    const users = await connection.db
      .selectFrom('authz_user')
      .select(['id', 'username'])
      .orderBy('id')
      .execute();
    const seen: Record<string, unknown> = {};
    for (const user of [null, ...users]) {
      const id = user?.id ?? null;
      const listed = await authz.experiments.list(id, 'batterydb.view_experiment', {
        orderBy: 'id',
        direction: 'asc',
        limit: 1000,
      });
      const experiments: Record<number, unknown> = {};
      for (const row of listed.items) {
        const experimentId = Number(row.id);
        const files = await connection.db
          .selectFrom('data_file')
          .select(['id', 'file_name'])
          .where('experiment_id', '=', experimentId)
          .where('status', '=', 'complete')
          .orderBy('id')
          .execute();
        const downloads: Record<string, string> = {};
        for (const file of files) {
          const pieces: Buffer[] = [];
          for await (const piece of readFileBytes(connection.db, file.id)) pieces.push(piece);
          downloads[file.file_name] = Buffer.concat(pieces).toString('base64');
        }
        experiments[experimentId] = {
          perms: [...(await authz.experiments.getPerms(id, experimentId))].sort(),
          downloads,
        };
      }
      seen[user?.username ?? '(signed out)'] = {
        perms: id === null ? [] : [...(await authz.getAllPerms(id))].sort(),
        experiments,
      };
    }
    return seen;
  } finally {
    await connection.close();
  }
}
