/**
 * A registered resource type. Registering a model gives it Django's four default permissions
 * (`add_`, `change_`, `delete_`, `view_` + name) plus the custom ones it declares; the literal
 * types flow into {@link PermissionOf} so that a misspelt permission is a compile error.
 *
 * @example
 * const experiment = defineModel({ app: 'batterydb', name: 'experiment', permissions: ['change_experiment_status'] });
 * // PermissionOf<typeof experiment> = 'batterydb.add_experiment' | … | 'batterydb.change_experiment_status'
 */
export const DEFAULT_ACTIONS = ['add', 'change', 'delete', 'view'] as const;
export type DefaultAction = (typeof DEFAULT_ACTIONS)[number];

export interface ModelDefinition<
  A extends string = string,
  N extends string = string,
  C extends string = string,
> {
  readonly app: A;
  readonly name: N;
  /** Human label, e.g. "experiment". */
  readonly label: string;
  readonly customPermissions: readonly C[];
}

export type PermissionOf<M> =
  M extends ModelDefinition<infer A, infer N, infer C> ? `${A}.${DefaultAction}_${N}` | `${A}.${C}` : never;

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function defineModel<
  const A extends string,
  const N extends string,
  const C extends string = never,
>(def: { app: A; name: N; label?: string; permissions?: readonly C[] }): ModelDefinition<A, N, C> {
  for (const [what, value] of [
    ['app', def.app],
    ['name', def.name],
    ...(def.permissions ?? []).map((p) => ['permission', p] as const),
  ] as const) {
    if (!NAME.test(value)) throw new Error(`defineModel: ${what} "${value}" must match ${String(NAME)}`);
  }
  return {
    app: def.app,
    name: def.name,
    label: def.label ?? def.name,
    customPermissions: def.permissions ?? [],
  };
}
