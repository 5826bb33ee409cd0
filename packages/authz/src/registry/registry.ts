import { DEFAULT_ACTIONS, type ModelDefinition, type PermissionOf } from './define-model.ts';

/** One permission as stored: `app.codename`, e.g. `batterydb.view_experiment`. */
export interface PermissionSpec {
  readonly app: string;
  readonly codename: string;
  readonly model: string;
  readonly name: string;
}

/**
 * The set of models an application registers. `P` is the literal union of every permission
 * string, so `hasPerm(user, 'batterydb.veiw_experiment')` does not compile.
 */
export interface Registry<P extends string = string> {
  readonly models: readonly ModelDefinition[];
  readonly permissions: readonly PermissionSpec[];
  /** Runtime membership test, for strings that arrive from outside (HTTP, CLI). */
  isPermission(value: string): value is P;
  model(app: string, name: string): ModelDefinition | undefined;
  /** Permissions of one model, as `app.codename` strings. */
  permissionsOf(model: ModelDefinition): P[];
}

export function createRegistry<const Ms extends readonly ModelDefinition[]>(
  models: Ms,
): Registry<PermissionOf<Ms[number]>> {
  type P = PermissionOf<Ms[number]>;
  const permissions: PermissionSpec[] = [];
  const byModel = new Map<ModelDefinition, P[]>();
  const seen = new Set<string>();
  for (const model of models) {
    const key = `${model.app}.${model.name}`;
    if (seen.has(key)) throw new Error(`createRegistry: model ${key} is registered twice`);
    seen.add(key);
    const specs: PermissionSpec[] = [
      ...DEFAULT_ACTIONS.map((action) => ({
        app: model.app,
        codename: `${action}_${model.name}`,
        model: model.name,
        name: `Can ${action} ${model.label}`,
      })),
      ...model.customPermissions.map((codename) => ({
        app: model.app,
        codename,
        model: model.name,
        name: codename.replaceAll('_', ' '),
      })),
    ];
    permissions.push(...specs);
    byModel.set(
      model,
      specs.map((s) => `${s.app}.${s.codename}` as P),
    );
  }
  const known = new Set(permissions.map((p) => `${p.app}.${p.codename}`));
  return {
    models,
    permissions,
    isPermission: (value: string): value is P => known.has(value),
    model: (app, name) => models.find((m) => m.app === app && m.name === name),
    permissionsOf: (model) => byModel.get(model) ?? [],
  };
}
