import KeyvPostgres, { type KeyvPostgresOptions } from '@keyv/postgres';
import type pg from 'pg';

type Guard = <T>(work: () => Promise<T>) => Promise<T>;

/** Rows read per round trip while listing a table (keyv's default is 10). */
const PAGE = 500;

interface PostgresAdapterOptions extends KeyvPostgresOptions {
  pool: pg.Pool;
  guard: Guard;
  schema: string;
  table: string;
}

/**
 * @keyv/postgres for one collection, a table of its own in the store's schema (as in SQLite,
 * and with the same rows: keyv's `<collection>:<key>` keys and serialized text values). What
 * it lacks:
 *  - the store's own connection pool. The adapter keeps one module-wide pool per URL, ended by
 *    any adapter's disconnect and with no handler for a dropped idle connection (which would
 *    crash the process); open-store owns the pool instead and ends it on close.
 *  - every query passes through `guard`, so a server gone, full or refusing us fails the store.
 *  - an iterator that fails loudly: keyv's swallows a failed page and ends early, which would
 *    show a partly read outbox as complete. Pages are longer, too.
 *  - delete as one statement (keyv's reads the row first, then deletes it).
 */
export class PostgresAdapter extends KeyvPostgres {
  constructor(options: { pool: pg.Pool; guard: Guard; schema: string; table: string }) {
    super({ ...options, iterationLimit: PAGE } satisfies PostgresAdapterOptions);
  }

  /** Called by the parent's constructor: every query, its CREATE TABLE included, runs on the store's pool. */
  override async connect(): Promise<(sql: string, values?: unknown[]) => Promise<unknown[]>> {
    const { pool, guard, schema, table } = this.opts as PostgresAdapterOptions;
    return (sql, values) =>
      guard(async () => {
        // The parent's `CREATE [SCHEMA and] TABLE IF NOT EXISTS`, run as the collection opens.
        if (/^\s*CREATE\b/i.test(sql)) return createTable(pool, schema, table);
        return (await pool.query(sql, values)).rows as unknown[];
      });
  }

  /** The pool is the store's: closing one collection must not close the others. */
  override async disconnect(): Promise<void> {}

  override async delete(key: string): Promise<boolean> {
    return this.deleteMany([key]);
  }

  override async deleteMany(keys: string[]): Promise<boolean> {
    const rows = await this.query(`DELETE FROM ${this.table()} WHERE key = ANY($1) RETURNING key`, [keys]);
    return rows.length > 0;
  }

  /**
   * The whole table in key order, a page per query (keyset pagination on the primary key). The
   * table holds this collection only, so no other collection's rows are read or skipped.
   */
  override async *iterator(): AsyncGenerator<string[], void, unknown> {
    let after: string | undefined;
    for (;;) {
      const rows = (await (after === undefined
        ? this.query(`SELECT key, value FROM ${this.table()} ORDER BY key LIMIT $1`, [PAGE])
        : this.query(`SELECT key, value FROM ${this.table()} WHERE key > $1 ORDER BY key LIMIT $2`, [after, PAGE]))) as Array<{ key: string; value: string }>;
      for (const row of rows) yield [row.key, row.value];
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]?.key;
    }
  }

  private table(): string {
    return `${quote(this.opts.schema ?? 'public')}.${quote(this.opts.table ?? 'keyv')}`;
  }
}

/**
 * Creates the table only if it is missing: PostgreSQL checks the right to create before it
 * looks whether the table exists, so an unconditional CREATE ... IF NOT EXISTS would refuse a
 * role that may use tables made for it but not create any. (A concurrent creation by another
 * process fails with 23505, which the parent ignores.) Keys up to 1,024 characters, where
 * keyv's default is 255: PostgreSQL enforces VARCHAR's length (SQLite does not), and a key
 * carries a feed id and a target, both chosen by people.
 */
async function createTable(pool: pg.Pool, schema: string, table: string): Promise<unknown[]> {
  const name = `${quote(schema)}.${quote(table)}`;
  const { rows } = await pool.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [name]);
  if (!rows[0]?.present) await pool.query(`CREATE TABLE IF NOT EXISTS ${name} (key VARCHAR(1024) PRIMARY KEY, value TEXT)`);
  return [];
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
