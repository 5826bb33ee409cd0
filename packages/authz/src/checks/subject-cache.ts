/**
 * What a user's model-level permissions are, as loaded: own permissions, permission → groups
 * that hold it, and the groups (ids and names: rules name groups, grants go to ids).
 */
export interface PermissionSet {
  readonly ownPermissions: ReadonlySet<string>;
  readonly groupPermissions: ReadonlyMap<string, readonly string[]>;
  readonly groups: readonly { id: number; name: string }[];
}

/** Users whose permission sets a kit instance remembers at most, unless told otherwise. */
export const DEFAULT_SUBJECT_CACHE_SIZE = 10_000;

/**
 * The cross-request cache of permission sets (SPEC §3.5: "caches are allowed only when
 * invalidated by the write"). Each entry is tagged with the stored authorization generation it
 * was read at (`generation/stored-generation.ts`); it is used only by a caller that has just read
 * the same generation in the same statement as the user's row, i.e. when no authorization write
 * has committed since, in any process. So a revoke anywhere is seen by the next request.
 *
 * The user row itself (flags, password) is never cached: it comes with the generation. Entries
 * are filled only outside transactions (a transaction may see its own uncommitted bump and
 * then roll it back). Bounded: least recently used out first.
 */
export class SubjectCache {
  readonly #entries = new Map<number, { generation: number; permissions: PermissionSet }>();

  constructor(readonly capacity: number = DEFAULT_SUBJECT_CACHE_SIZE) {}

  get(userId: number, generation: number): PermissionSet | undefined {
    const entry = this.#entries.get(userId);
    if (!entry) return undefined;
    if (entry.generation !== generation) {
      this.#entries.delete(userId);
      return undefined;
    }
    // Most recently used last: delete and set again.
    this.#entries.delete(userId);
    this.#entries.set(userId, entry);
    return entry.permissions;
  }

  set(userId: number, generation: number, permissions: PermissionSet): void {
    if (this.capacity <= 0) return;
    this.#entries.delete(userId);
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(userId, { generation, permissions });
  }

  get size(): number {
    return this.#entries.size;
  }
}
