/**
 * Dialect detection survives two copies of Kysely (issue 15): an application's Kysely may be
 * another copy than the kit's, so detection goes by the adapter's class name, not `instanceof`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PostgresAdapter, SqliteAdapter } from 'kysely';
import { declareDialect, dialectOf } from '../src/db/dialect.ts';

const withAdapter = (adapter: object) => ({ getExecutor: () => ({ adapter }) });

describe('dialectOf', () => {
  test("Kysely's own adapters and subclasses of them", () => {
    assert.equal(dialectOf(withAdapter(new SqliteAdapter())), 'sqlite');
    assert.equal(dialectOf(withAdapter(new PostgresAdapter())), 'postgres');
    class PgliteAdapter extends PostgresAdapter {}
    assert.equal(dialectOf(withAdapter(new PgliteAdapter())), 'postgres');
  });

  test("another copy's adapter class (same name, not the same class) is recognised", () => {
    // What a second copy of Kysely looks like from the kit: a different class of the same name.
    const other = { PostgresAdapter: class {}, SqliteAdapter: class {} };
    assert.ok(!(new other.PostgresAdapter() instanceof PostgresAdapter));
    assert.equal(dialectOf(withAdapter(new other.PostgresAdapter())), 'postgres');
    assert.equal(dialectOf(withAdapter(new other.SqliteAdapter())), 'sqlite');
  });

  test('an unknown adapter is an error that says the way out, unless its dialect is declared', () => {
    class MssqlAdapter {}
    const db = withAdapter(new MssqlAdapter());
    assert.throws(() => dialectOf(db), /MssqlAdapter.*createAuthz\(\{ dialect: 'sqlite' \| 'postgres'/s);
    declareDialect(db, 'postgres');
    assert.equal(dialectOf(db), 'postgres');
  });
});
