import type { ModelDefinition, PermissionOf } from '../registry/define-model.ts';
import { columnsOf } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';

/**
 * Object-level configuration of a registered model: which table holds its objects and which
 * rules grant permissions on them. Grants live in `<table>_user_grant` / `<table>_group_grant`
 * (see {@link createGrantTables}).
 *
 * @example
 * definePolicy({ model: experiment, table: 'experiment', rules: [
 *   ownerRule({ name: 'owner views', field: 'owner_id', permissions: ['batterydb.view_experiment'] }),
 * ] });
 */
export interface ObjectPolicy<M extends ModelDefinition = ModelDefinition> {
  readonly model: M;
  /** `app.name`, e.g. `batterydb.experiment`. */
  readonly key: string;
  readonly table: string;
  readonly rules: readonly Rule<PermissionOf<M>>[];
  /** Columns the rules read: loaded with the id when a check is given an id. */
  readonly columns: readonly string[];
  readonly userGrantTable: string;
  readonly groupGrantTable: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

export function definePolicy<M extends ModelDefinition>(def: {
  model: M;
  table: string;
  rules: readonly Rule<PermissionOf<M>>[];
}): ObjectPolicy<M> {
  const columns = new Set<string>();
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
    columns: [...columns],
    userGrantTable: `${def.table}_user_grant`,
    groupGrantTable: `${def.table}_group_grant`,
  };
}
