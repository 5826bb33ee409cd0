/**
 * Password hashing behind a small interface: an application may bring its own (a scrypt one
 * from `node:crypto`, a KMS…), and tests count hash computations (the enumeration defence is
 * "exactly one hash per login attempt", tested by counting, not timing).
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

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

interface Argon2Module {
  readonly hash: (password: string, options: Argon2Params & { algorithm: number }) => Promise<string>;
  readonly verify: (encoded: string, password: string) => Promise<boolean>;
}

/**
 * `@node-rs/argon2` is an optional peer dependency: an application with its own hasher never
 * installs the native module. It is imported on the first hash, and its absence is said in words.
 */
export function loadArgon2(importer: () => Promise<unknown>): () => Promise<Argon2Module> {
  let loading: Promise<Argon2Module> | undefined;
  return () =>
    (loading ??= importer().then(
      (module) => module as Argon2Module,
      (error: unknown) => {
        loading = undefined;
        const code = (error as { code?: unknown }).code;
        if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
        throw new Error(
          'argon2idHasher needs the optional peer dependency @node-rs/argon2: `npm install @node-rs/argon2`, ' +
            'or give createAuthz a `hasher` of your own (see PasswordHasher)',
          { cause: error },
        );
      },
    ));
}

/** argon2id through `@node-rs/argon2` (install it beside the kit): the default hasher of `createAuthz`. */
export function argon2idHasher(params: Argon2Params = OWASP_ARGON2ID): PasswordHasher {
  const argon2 = loadArgon2(() => import('@node-rs/argon2'));
  const expected = `m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}`;
  return {
    hash: async (password) => (await argon2()).hash(password, { ...params, algorithm: ARGON2ID }),
    verify: async (encoded, password) => {
      const { verify } = await argon2();
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
