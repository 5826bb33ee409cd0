import type { Kysely } from 'kysely';
import type { PasswordHasher } from './passwords/password-hasher.ts';
import type { ObjectPolicy } from './objects/define-policy.ts';
import type { Registry } from './registry/registry.ts';
import type { Row } from './rules/conditions.ts';
import type { AuthzTables } from './schema/tables.ts';
import type { SubjectCache } from './checks/subject-cache.ts';

/**
 * What every kit function works with — internal: applications reach it only through the
 * public `Authz` (`transaction`, `withTransaction`, `now`), so the kit may change it freely.
 * `db` may be a transaction: kit writes made with a transaction's context commit or roll back
 * with the caller's own writes.
 */
export interface AuthzContext {
  readonly db: Kysely<AuthzTables>;
  readonly registry: Registry;
  readonly hasher: PasswordHasher;
  /**
   * Bumped by every authorization write made through this kit instance. A loaded
   * {@link Subject} remembers the value it was loaded at and reloads when it moved, so a
   * grant followed by a check in the same request sees the grant (no "reload the user" caveat).
   */
  readonly generation: { value: number };
  /** Users' permission sets across requests, valid by the stored generation (see SubjectCache). */
  readonly subjects: SubjectCache;
  readonly now: () => number;
  /** Object-level policies by `app.model`. */
  readonly policies: ReadonlyMap<string, ObjectPolicy>;
  readonly hooks: HookRegistry;
  /** Seals TOTP secrets at rest (second-factor/secret-box.ts); null: stored unsealed. */
  readonly secondFactorKey: Buffer | null;
}

/**
 * After-write hooks as the kit runs them: on the write's internal context. `createAuthz` wraps
 * the application's public `ObjectHooks` (`authz-api.ts`) into these.
 */
export interface ContextHooks {
  afterCreate?: (tx: AuthzContext, rows: readonly Row[]) => Promise<void>;
  afterUpdate?: (tx: AuthzContext, rows: readonly Row[]) => Promise<void>;
  afterDelete?: (tx: AuthzContext, rows: readonly Row[]) => Promise<void>;
}

export type HookRegistry = Map<string, ContextHooks[]>;

export function bumpGeneration(ctx: AuthzContext): void {
  ctx.generation.value += 1;
}
