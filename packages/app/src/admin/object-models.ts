import type { ObjectPolicy, ObjectRow, Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import { type ShareRequest, shareExperiment } from '../experiments/share-experiment.ts';

/**
 * A model with objects as the admin site shows it (Django's `ModelAdmin` registration): the
 * admin's generic pages — object permissions, "what can this user do", the audit log's names —
 * take one of these and know nothing else about the model. Each entry only points at the
 * app's own functions for that model, so the admin decides and writes exactly as the API does.
 */
export interface AdminObjectModel {
  readonly policy: ObjectPolicy;
  /** URL segment under /admin, e.g. `experiments` → /admin/experiments/:id/permissions. */
  readonly path: string;
  readonly label: string;
  readonly plural: string;
  /** A row's name for people (its title). */
  title(row: ObjectRow): string;
  /** More about the row, shown beside its name (e.g. its status). */
  detail(row: ObjectRow): string;
  /** The object's own page. */
  href(id: number): string;
  /**
   * Loads one object for an action, as the API does: NOT_FOUND when `caller` may not view it
   * (its existence stays hidden), FORBIDDEN when it may view but not `perm`.
   */
  load(caller: Subject | null, id: number, perm: string): Promise<ObjectRow>;
  /** The app's one path for grants on this model (the API's), in its transaction, audited. */
  changeGrants(
    caller: Subject | null,
    id: number,
    request: ShareRequest,
    mode: 'grant' | 'revoke',
    clientAddress: string | null,
  ): Promise<void>;
}

/** The models with objects, in the order the admin lists them. BatteryDB has one: experiments. */
export function adminObjectModels(authz: AppAuthz, db: Kysely<Database>): AdminObjectModel[] {
  return [
    {
      policy: authz.experiments.policy,
      path: 'experiments',
      label: 'experiment',
      plural: 'experiments',
      title: (row) => String(row.title),
      detail: (row) => String(row.status),
      href: (id) => `/experiments/${id}`,
      load: (caller, id, perm) => getExperiment(authz, db, caller, id, perm as never),
      changeGrants: (caller, id, request, mode, clientAddress) =>
        shareExperiment(authz, caller, id, request, mode, clientAddress),
    },
  ];
}

/**
 * The permissions that can be held on one object of the model — all of its permissions but
 * `add_` — in the order people read them: view, change, delete, then the model's own.
 */
export function objectPermissions(authz: AppAuthz, policy: ObjectPolicy): string[] {
  const { app, name } = policy.model;
  const first = ['view', 'change', 'delete'].map((action) => `${app}.${action}_${name}`);
  const all: string[] = authz.registry.permissionsOf(policy.model).filter((p) => p !== `${app}.add_${name}`);
  return [...first.filter((p) => all.includes(p)), ...all.filter((p) => !first.includes(p))];
}
