import type { AuthzContext } from '../context.ts';
import type { Row } from '../rules/conditions.ts';
import type { ObjectPolicy } from './define-policy.ts';

/**
 * After-write hooks for applications that want guardian-style materialised grants. They run
 * inside the write's own transaction — for single and bulk writes alike, because both go
 * through the same helpers — so a failing hook rolls the write back, and no bulk path can skip
 * them (Django's `QuerySet.update()` skips `post_save`).
 */
export interface ObjectHooks {
  afterCreate?: (tx: AuthzContext, rows: readonly Row[]) => Promise<void>;
  afterUpdate?: (tx: AuthzContext, rows: readonly Row[]) => Promise<void>;
  afterDelete?: (tx: AuthzContext, rows: readonly Row[]) => Promise<void>;
}

export type HookRegistry = Map<string, ObjectHooks[]>;

export function hooksFor(hooks: HookRegistry, policy: ObjectPolicy): ObjectHooks[] {
  return hooks.get(policy.key) ?? [];
}
