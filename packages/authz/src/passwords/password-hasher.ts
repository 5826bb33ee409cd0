import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/**
 * Password hashing behind a small interface so that tests can count hash computations
 * (the enumeration defence is "exactly one hash per login attempt", tested by counting, not timing).
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(encoded: string, password: string): Promise<boolean>;
  /** True when `encoded` was made with other parameters than the current ones. */
  needsRehash(encoded: string): boolean;
}

/** OWASP Password Storage Cheat Sheet, first choice: argon2id, m=19 MiB, t=2, p=1. */
export const OWASP_ARGON2ID = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longest accepted password, in UTF-8 bytes; longer ones are refused before any hashing (a DoS lever). */
export const MAX_PASSWORD_BYTES = 1024;

export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number };

export function argon2idHasher(params: Argon2Params = OWASP_ARGON2ID): PasswordHasher {
  const expected = `m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}`;
  return {
    hash: (password) => hash(password, { ...params, algorithm: ARGON2ID }),
    verify: async (encoded, password) => {
      try {
        return await verify(encoded, password);
      } catch {
        // A malformed stored hash is a failed verification, not a crash of the login route.
        return false;
      }
    },
    needsRehash: (encoded) => {
      const [, algorithm, , settings] = encoded.split('$');
      return algorithm !== 'argon2id' || settings !== expected;
    },
  };
}
