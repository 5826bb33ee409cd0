import { authModels, createRegistry, defineModel, type PermissionOf } from '@batterydb/authz';

/** An experiment: the object every battery permission is about (SPEC §6). */
export const experimentModel = defineModel({
  app: 'batterydb',
  name: 'experiment',
  permissions: ['change_experiment_status', 'view_released_experiment'],
});

export const registry = createRegistry([...authModels, experimentModel]);

/** Every permission string BatteryDB knows; a typo is a compile error. */
export type Perm = PermissionOf<(typeof authModels)[number] | typeof experimentModel>;
