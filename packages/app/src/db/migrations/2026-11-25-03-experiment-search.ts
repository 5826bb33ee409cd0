import { dialectOf } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Full-text search over title, description, materials, chemistry and tags. SQLite: a
 * contentless FTS5 table kept in step by triggers (so every write path, bulk ones included,
 * updates it in the same transaction). PostgreSQL: a generated tsvector column with a GIN index.
 * The 'simple' configuration / unicode61 tokenizer: material names like "NMC811" must not be stemmed.
 */
export const experimentSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (dialectOf(db) === 'postgres') {
      await sql`alter table experiment add column search tsvector generated always as (
        to_tsvector('simple', title || ' ' || description || ' ' || cathode_material || ' ' || anode_material
          || ' ' || chemistry || ' ' || replace(tags, ',', ' '))) stored`.execute(db);
      await sql`create index experiment_search on experiment using gin (search)`.execute(db);
      return;
    }
    await sql`create virtual table experiment_fts using fts5(
      title, description, materials, chemistry, tags,
      content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
    const values = sql`new.id, new.title, new.description, new.cathode_material || ' ' || new.anode_material,
      new.chemistry, replace(new.tags, ',', ' ')`;
    await sql`create trigger experiment_fts_insert after insert on experiment begin
      insert into experiment_fts (rowid, title, description, materials, chemistry, tags) values (${values}); end`.execute(
      db,
    );
    await sql`create trigger experiment_fts_update after update of title, description, cathode_material, anode_material, chemistry, tags on experiment begin
      delete from experiment_fts where rowid = old.id;
      insert into experiment_fts (rowid, title, description, materials, chemistry, tags) values (${values}); end`.execute(
      db,
    );
    await sql`create trigger experiment_fts_delete after delete on experiment begin
      delete from experiment_fts where rowid = old.id; end`.execute(db);
  },
};
