import type { Kysely } from 'kysely';
import type { AuthzContext } from '../context.ts';

/** Row shape shared by every model's grant tables (their names are only known at run time). */
export interface GrantRow {
  object_id: number;
  user_id: number;
  group_id: number;
  permission_id: number;
  expires_at: number | null;
}

/** A view of the database where any table name is a grant table: names come from policies. */
export function grantDb(ctx: AuthzContext): Kysely<Record<string, GrantRow>> {
  return ctx.db as unknown as Kysely<Record<string, GrantRow>>;
}

/** An object table seen by the kit: an integer `id` plus the columns its rules read. */
export interface ObjectRow {
  id: number;
  [column: string]: unknown;
}

export function objectDb(ctx: AuthzContext): Kysely<Record<string, ObjectRow>> {
  return ctx.db as unknown as Kysely<Record<string, ObjectRow>>;
}
