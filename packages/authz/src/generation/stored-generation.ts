import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * The authorization generation, stored in the database (SPEC §3.5, DESIGN.md "Freshness without
 * staleness"): a number that every authorization write increases in its own transaction, so a
 * process that reads it in the same statement as a user's row knows whether anything it
 * remembers about that user's permissions may have changed — in any process.
 *
 * It is the sum of {@link GENERATION_SLOTS} counters, and a write increases one slot chosen at
 * random: PostgreSQL's serializable transactions (the no-escalation decisions) that update the
 * same row concurrently abort one of them ("could not serialize"), so one shared row would turn
 * every pair of overlapping authorization writes into a retry. The sum still grows by one with
 * every committed write and never with a rolled back one; on SQLite (one writer) the slots cost
 * nothing.
 */
export const GENERATION_SLOTS = 16;

export interface GenerationTable {
  slot: number;
  value: number;
}

/** The generation as a scalar subquery, to add to the first SELECT of a request. */
export function generationSql(): RawBuilder<number> {
  return sql<number>`(select sum(value) from authz_generation)`;
}

/** One authorization write: call inside the write's transaction. */
export async function bumpStoredGeneration(db: Kysely<{ authz_generation: GenerationTable }>): Promise<void> {
  const slot = Math.floor(Math.random() * GENERATION_SLOTS);
  await db
    .updateTable('authz_generation')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('slot', '=', slot)
    .execute();
}
