import type { AuditEntry } from '@batterydb/authz';
import type { AuditNames } from '../../../admin/audit-log.ts';
import type { AdminObjectModel } from '../../../admin/object-models.ts';
import { FormError, SelectField, TextField } from '../../forms/fields.tsx';
import type { FieldErrors } from '../../forms/form-errors.ts';
import type { PageContext } from '../../page-context.ts';
import { DateTime } from '../../pages/format.tsx';
import { AdminPage } from '../admin-layout.tsx';
import { AuditChange } from './audit-change.tsx';
import { Pager } from '../../layout/pager.tsx';

export const AUDIT_FILTERS = ['actor', 'targetType', 'target', 'action', 'since', 'until'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

function targetHref(entry: AuditEntry, models: readonly AdminObjectModel[]): string | null {
  const { type, id } = entry.target;
  if (id === null) return null;
  if (type === 'auth.user') return `/admin/users/${id}`;
  if (type === 'auth.group') return `/admin/groups/${id}`;
  const model = models.find((m) => m.policy.key === type);
  return model ? `/admin/${model.path}/${id}/permissions` : null;
}

/** What kind of thing an entry is about, in words: "user", "group", "experiment". */
function targetKind(type: string, models: readonly AdminObjectModel[]): string {
  if (type === 'auth.user') return 'user';
  if (type === 'auth.group') return 'group';
  return models.find((m) => m.policy.key === type)?.label ?? type;
}

function Filters(props: {
  filters: AuditFilters;
  errors: FieldErrors;
  models: readonly AdminObjectModel[];
  actions: readonly string[];
}) {
  const { filters, errors } = props;
  return (
    <form
      method="get"
      action="/admin/audit"
      class="panel filters"
      role="search"
      aria-label="Filter the audit log"
    >
      <div class="stack">
        <TextField name="actor" label="Who acted" value={filters.actor} errors={errors} hint="A username" />
        <SelectField
          name="targetType"
          label="About"
          value={filters.targetType}
          errors={errors}
          options={[
            { value: '', label: 'Anything' },
            { value: 'auth.user', label: 'A user' },
            { value: 'auth.group', label: 'A group' },
            ...props.models.map((m) => ({ value: m.policy.key, label: `An ${m.label}` })),
          ]}
        />
        <TextField
          name="target"
          label="Which one"
          value={filters.target}
          errors={errors}
          hint="Username, group name, or the object's number"
        />
        <TextField
          name="action"
          label="Action"
          value={filters.action}
          errors={errors}
          list="audit-actions"
          hint="e.g. grant.add, user.update"
        />
        <datalist id="audit-actions">
          {props.actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <div class="range">
          <TextField name="since" label="From" type="date" value={filters.since} errors={errors} />
          <TextField name="until" label="To" type="date" value={filters.until} errors={errors} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Filter
          </button>
          <a href="/admin/audit">Clear</a>
        </div>
      </div>
    </form>
  );
}

/**
 * The audit log, newest first: who did what to whom, before and after. Only entries the
 * viewer may see are here (and in the CSV export): those about objects they cannot view stay hidden.
 */
export function AuditLogPage(props: {
  ctx: PageContext;
  filters: AuditFilters;
  errors: FieldErrors;
  message: string | null;
  entries: readonly AuditEntry[] | null;
  names: AuditNames | null;
  models: readonly AdminObjectModel[];
  actions: readonly string[];
  csvHref: string;
  nextHref: string | null;
  firstHref: string | null;
}) {
  const { ctx, entries, names } = props;
  return (
    <AdminPage ctx={ctx} title="Audit log">
      <div class="page-head">
        <h1>Audit log</h1>
        <a class="button" href={props.csvHref} download>
          Export CSV
        </a>
      </div>
      <div class="list-layout">
        <Filters
          filters={props.filters}
          errors={props.errors}
          models={props.models}
          actions={props.actions}
        />
        <div>
          <FormError message={props.message} />
          <p class="hint">
            Entries about what you may not see (an experiment you cannot view) are not shown.
          </p>
          {entries === null || names === null ? null : entries.length === 0 ? (
            <p class="panel">No entry matches.</p>
          ) : (
            <div class="table-wrap" tabIndex={0}>
              <table class="audit">
                <caption class="visually-hidden">Audit entries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Did</th>
                    <th scope="col">To</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => {
                    const href = targetHref(e, props.models);
                    return (
                      <tr key={e.id}>
                        <td>
                          <DateTime value={e.at} />
                          {e.clientAddress ? <div class="muted">{e.clientAddress}</div> : null}
                        </td>
                        <td>
                          {e.actorId === null ? (
                            <span class="muted">{names.user(null)}</span>
                          ) : (
                            <a href={`/admin/users/${e.actorId}`}>{names.user(e.actorId)}</a>
                          )}
                        </td>
                        <td>
                          <code>{e.action}</code>
                        </td>
                        <td>
                          {href ? <a href={href}>{names.target(e)}</a> : names.target(e)}
                          <div class="muted">{targetKind(e.target.type, props.models)}</div>
                        </td>
                        <td>
                          <AuditChange entry={e} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            firstHref={props.firstHref}
            nextHref={props.nextHref}
            first="← Newest"
            next="Older entries →"
          />
        </div>
      </div>
    </AdminPage>
  );
}
