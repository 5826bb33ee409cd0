import type { AuditFilter } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { auditNames } from './audit-log.ts';
import type { AdminObjectModel } from './object-models.ts';

/** Entries read per query while exporting: memory stays flat however long the log is. */
const EXPORT_PAGE = 500;

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'target type',
  'target id',
  'target',
  'before',
  'after',
  'client address',
] as const;

/**
 * One CSV cell (RFC 4180 quoting), safe to open in a spreadsheet: a cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (OWASP "CSV
 * injection"), so it gets a leading `'`. Usernames cannot start so, but group names, titles and
 * the JSON of before/after carry text someone typed.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (cells: readonly (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * The audit log as CSV, streamed: keyset pages of the same filter — its visibility part
 * included, so an export never holds an entry its reader could not see on the page — each
 * page's names resolved, one line per entry. Newest first, like the page.
 */
export async function* auditCsv(
  authz: AppAuthz,
  models: readonly AdminObjectModel[],
  filter: Omit<AuditFilter, 'limit'>,
): AsyncGenerator<string> {
  yield row(AUDIT_CSV_COLUMNS);
  let beforeId = filter.beforeId;
  for (;;) {
    const page = await authz.findAuditEntries({
      ...filter,
      ...(beforeId === undefined ? {} : { beforeId }),
      limit: EXPORT_PAGE,
    });
    const names = await auditNames(authz, models, page.entries);
    for (const e of page.entries)
      yield row([
        e.id,
        e.at.toISOString(),
        names.user(e.actorId),
        e.action,
        e.target.type,
        e.target.id,
        names.target(e),
        e.before === null ? '' : JSON.stringify(e.before),
        e.after === null ? '' : JSON.stringify(e.after),
        e.clientAddress,
      ]);
    if (page.nextBeforeId === null) return;
    beforeId = page.nextBeforeId;
  }
}
