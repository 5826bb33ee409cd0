import type { Generated } from 'kysely';

/** An identity at an OpenID Provider (issuer + subject) linked to a local account. */
export interface ExternalIdentityTable {
  id: Generated<number>;
  user_id: number;
  issuer: string;
  subject: string;
  created_at: number;
  last_sign_in_at: number | null;
}

/** A sign-in in progress, taken once (see `pending-login.ts`). */
export interface ExternalPendingTable {
  token_hash: string;
  kind: string;
  /** JSON of what the step needs next. */
  data: string;
  expires_at: number;
}

export interface ExternalTables {
  authz_external_identity: ExternalIdentityTable;
  authz_external_pending: ExternalPendingTable;
}
