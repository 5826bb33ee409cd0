import type { Kysely, Migration } from 'kysely';

/**
 * Issue 26: an experiment's citation metadata (creators, licence, related publications,
 * funding, keywords, DOI) as one JSON text column. One column rather than small tables because
 * the citation is read, validated, written and frozen into a released version as a whole, and
 * never queried by its parts; creators keep their order in the JSON array for free. Null means
 * none yet (every existing experiment).
 */
export const citationMetadataMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('experiment').addColumn('citation', 'text').execute();
  },
};
