import type { ModelDefinition, PermissionOf } from '../registry/define-model.ts';
import { columnsOf, type Condition } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';

/**
 * Object-level configuration of a registered model: which table holds its objects and which
 * rules grant permissions on them. Grants live in `<table>_user_grant` / `<table>_group_grant`
 * (see {@link createGrantTables}).
 *
 * @example
 * definePolicy({ model: experiment, table: 'experiment', rules: [
 *   ownerRule({ name: 'owner views', field: 'owner_id', permissions: ['batterydb.view_experiment'] }),
 * ], grantsCountWhen: { 'batterydb.change_experiment': eq('status', 'private') } });
 */
export interface ObjectPolicy<M extends ModelDefinition = ModelDefinition> {
  readonly model: M;
  /** `app.name`, e.g. `batterydb.experiment`. */
  readonly key: string;
  readonly table: string;
  readonly rules: readonly Rule<PermissionOf<M>>[];
  /**
   * Per permission, the condition under which object *grants* of it count (absent: always).
   * Curation: "grants of change count only while the object is private" — a grant cannot
   * outlive the state it was meant for (SPEC §3.3). Checks, lists, explain and who-has all
   * read it, in memory and as SQL, from this one declaration.
   */
  readonly grantsCountWhen: ReadonlyMap<string, Condition>;
  /** Columns the rules (and grant conditions) read: loaded with the id when a check is given an id. */
  readonly columns: readonly string[];
  readonly userGrantTable: string;
  readonly groupGrantTable: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function definePolicy<M extends ModelDefinition>(def: {
  model: M;
  table: string;
  rules: readonly Rule<PermissionOf<M>>[];
  grantsCountWhen?: Partial<Record<PermissionOf<M>, Condition>>;
}): ObjectPolicy<M> {
  const columns = new Set<string>();
  const grantsCountWhen = new Map<string, Condition>(
    Object.entries(def.grantsCountWhen ?? {}) as [string, Condition][],
  );
  for (const [perm, condition] of grantsCountWhen) {
    if (!perm.startsWith(`${def.model.app}.`))
      throw new Error(
        `definePolicy: grantsCountWhen names ${perm}, which is not a permission of ${def.model.name}`,
      );
    for (const c of columnsOf(condition)) columns.add(c);
  }
  for (const rule of def.rules) {
    if (rule.kind === 'owner') columns.add(rule.field);
    if (rule.when) for (const c of columnsOf(rule.when)) columns.add(c);
    for (const perm of rule.permissions) {
      if (!perm.startsWith(`${def.model.app}.`))
        throw new Error(
          `definePolicy: rule "${rule.name}" names ${perm}, which is not a permission of ${def.model.name}`,
        );
    }
  }
  for (const name of [def.table, ...columns])
    if (!IDENT.test(name)) throw new Error(`definePolicy: "${name}" is not a plain SQL identifier`);
  return {
    model: def.model,
    key: `${def.model.app}.${def.model.name}`,
    table: def.table,
    rules: def.rules,
    grantsCountWhen,
    columns: [...columns],
    userGrantTable: `${def.table}_user_grant`,
    groupGrantTable: `${def.table}_group_grant`,
  };
}
