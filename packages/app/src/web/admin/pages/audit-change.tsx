import type { AuditEntry } from '@batterydb/authz';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** One value as people read it: names of groups and grantees, permissions with their end, yes/no. */
export function valueWords(value: Json | undefined): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueWords).join(', ');
  if (isObject(value.user)) return `user ${valueWords(value.user.username ?? value.user.id ?? null)}`;
  if (isObject(value.group)) return `group ${valueWords(value.group.name ?? value.group.id ?? null)}`;
  if (typeof value.permission === 'string')
    return `${value.permission}${typeof value.expiresAt === 'string' ? ` until ${value.expiresAt.slice(0, 10)}` : ''}`;
  if (typeof value.name === 'string') return value.name;
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${valueWords(v)}`)
    .join('; ');
}

/** What a list gained and lost (groups, permissions, grants). */
function listChange(before: Json[], after: Json[]) {
  const key = (v: Json) => JSON.stringify(v);
  const was = new Set(before.map(key));
  const now = new Set(after.map(key));
  return {
    added: after.filter((v) => !was.has(key(v))),
    removed: before.filter((v) => !now.has(key(v))),
  };
}

function ListChange({ before, after }: { before: Json[]; after: Json[] }) {
  const { added, removed } = listChange(before, after);
  if (added.length === 0 && removed.length === 0)
    return <span class="muted">unchanged: {valueWords(after)}</span>;
  return (
    <>
      {added.length ? <span class="added">+ {added.map(valueWords).join(', ')}</span> : null}
      {added.length && removed.length ? ' ' : null}
      {removed.length ? <span class="removed">− {removed.map(valueWords).join(', ')}</span> : null}
    </>
  );
}

function Change({ before, after }: { before: Json | undefined; after: Json | undefined }) {
  if (Array.isArray(before) || Array.isArray(after))
    return (
      <ListChange before={Array.isArray(before) ? before : []} after={Array.isArray(after) ? after : []} />
    );
  if (before === undefined || before === null) return <span class="added">{valueWords(after)}</span>;
  if (after === undefined || after === null) return <span class="removed">{valueWords(before)}</span>;
  return (
    <>
      <span class="removed">{valueWords(before)}</span> → <span class="added">{valueWords(after)}</span>
    </>
  );
}

/**
 * An entry's before and after, readably: for records, one line per field — changed fields as
 * "before → after" (lists as what was added and removed), unchanged ones (the grantee of a
 * grant) as context; anything else as its value. Escaped like every text of the pages.
 */
export function AuditChange({ entry }: { entry: AuditEntry }) {
  const before = entry.before as Json;
  const after = entry.after as Json;
  if (before === null && after === null) return <span class="muted">—</span>;
  if (!isObject(before) && !isObject(after))
    return (
      <span class="change">
        <Change before={before} after={after} />
      </span>
    );
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <dl class="change">
      {keys.map((k) => (
        <div
          key={k}
          class={same(b[k], a[k]) && isObject(before) && isObject(after) ? 'unchanged' : undefined}
        >
          <dt>{k}</dt>
          <dd>
            {same(b[k], a[k]) && isObject(before) && isObject(after) ? (
              valueWords(a[k])
            ) : (
              <Change
                before={isObject(before) ? b[k] : undefined}
                after={isObject(after) ? a[k] : undefined}
              />
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
