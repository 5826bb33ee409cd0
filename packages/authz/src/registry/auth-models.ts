import { defineModel } from './define-model.ts';

/**
 * The kit's own models, registered by every application so that managing accounts is
 * permission-checked like anything else (Django's `auth.add_user`, `auth.change_group`, …).
 */
export const authModels = [
  defineModel({ app: 'auth', name: 'user' }),
  defineModel({ app: 'auth', name: 'group' }),
  defineModel({ app: 'auth', name: 'permission' }),
] as const;
