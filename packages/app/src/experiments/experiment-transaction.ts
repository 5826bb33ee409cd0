import { AuthzError, type AuthzBase, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Perm } from '../authz/registry.ts';
import type { Database } from '../db/schema.ts';

/** What an experiment operation works with: the experiments API and the database, both of one handle. */
export interface ExperimentScope {
  readonly experiments: AppAuthz['experiments'];
  readonly db: Kysely<Database>;
}

/** A scope bound to one transaction, with the caller loaded inside it. */
export interface ExperimentTransaction extends ExperimentScope {
  readonly tx: AuthzBase<Perm>;
  /** The caller as the transaction sees it (null: signed out). */
  readonly caller: Subject | null;
}

/**
 * Runs a decide-then-write on experiments in ONE transaction, serializable on PostgreSQL (SQLite
 * serialises writers already): the caller is reloaded inside it and the check reads the same
 * state the write changes, so a revocation, a role removal or a status flip that commits
 * meanwhile cannot slip between the two — it aborts this transaction instead (409, try again).
 */
export function inExperimentTransaction<T>(
  authz: AppAuthz,
  caller: Subject | null,
  fn: (scope: ExperimentTransaction) => Promise<T>,
): Promise<T> {
  return authz.transaction(
    async (tx, trx) => {
      const fresh = caller === null ? null : await tx.loadSubject(caller);
      if (caller !== null && fresh === null)
        throw new AuthzError('UNAUTHENTICATED', 'the acting account no longer exists');
      return fn({
        tx,
        caller: fresh,
        experiments: tx.objects(authz.experiments.policy),
        db: trx,
      });
    },
    { serializable: true },
  );
}
