import type { ApiToken } from '@batterydb/authz';
import { InvalidFields } from '../../validation/invalid-fields.ts';

/**
 * What the account page's token form offers to limit a token to (SPEC §5, scoped tokens): the
 * experiment permissions a script typically needs, in people's words. The kit decides whether
 * the user may carry each one (a token never holds more than its user), so offering one the user
 * lacks only gets a clear refusal, never more rights.
 */
export const SCOPE_CHOICES = [
  { permission: 'batterydb.view_experiment', label: 'Read experiments and their data', perObject: true },
  { permission: 'batterydb.change_experiment', label: 'Edit experiments and add files', perObject: true },
  { permission: 'batterydb.add_experiment', label: 'Create experiments', perObject: false },
  { permission: 'batterydb.delete_experiment', label: 'Delete experiments', perObject: true },
] as const;

export type TokenScope = ApiToken['scope'];

/** The form's values as typed, for showing them again after an error. */
export interface ScopeFormValues {
  permissions: string[];
  experiments: string;
}

/**
 * The scope a token form asks for: no permission ticked is an unscoped token (its user's full
 * rights, as before); ticked permissions limit it, to the listed experiments when ids are given
 * (creating experiments has no object, so it is never limited to ids). Every problem is
 * reported at once, by field.
 */
export function scopeFromForm(values: ScopeFormValues): TokenScope {
  const problems: { field: string; message: string }[] = [];
  const known = new Set<string>(SCOPE_CHOICES.map((c) => c.permission));
  const unknown = values.permissions.filter((p) => !known.has(p));
  if (unknown.length > 0)
    problems.push({ field: 'permissions', message: `permissions: unknown choice ${unknown.join(', ')}` });
  const words = values.experiments.split(/[\s,;]+/).filter(Boolean);
  const bad = words.filter((w) => !/^[1-9]\d{0,15}$/.test(w));
  if (bad.length > 0)
    problems.push({
      field: 'experiments',
      message: `experiments must be experiment numbers separated by commas (not ${bad.slice(0, 3).join(', ')})`,
    });
  if (words.length > 0 && values.permissions.length === 0)
    problems.push({
      field: 'permissions',
      message: 'permissions: tick what the token may do on these experiments',
    });
  if (problems.length > 0) throw new InvalidFields(problems);
  if (values.permissions.length === 0) return null;
  const ids = [...new Set(words.map(Number))];
  return SCOPE_CHOICES.filter((c) => values.permissions.includes(c.permission)).map((c) => ({
    permission: c.permission,
    objects: c.perObject && ids.length > 0 ? ids : null,
  }));
}
