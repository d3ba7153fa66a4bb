import KeyvSqlite from '@keyv/sqlite';

export interface SqliteAdapterOptions {
  busyTimeoutMs: number;
  /** Statements run first on the connection (per-connection pragmas). */
  setup: string[];
  /** A failure already met, refused again before any statement runs: nothing is half-saved after it. */
  refuse: () => Error | undefined;
  /** Turns a driver error into what callers should see (open-store's StoreFailure). */
  translate: (error: unknown) => unknown;
}

/**
 * @keyv/sqlite with what it lacks for a store of a million rows, still used only through keyv:
 *  - setMany as one statement. Without it keyv writes row by row, each its own transaction and
 *    commit; with it a poll's batch is one commit, and all or nothing if the disk is full.
 *  - per-connection setup: the adapter opens a connection per table, and pragmas such as
 *    `synchronous` apply only to the connection that ran them.
 *  - every error passes through `translate`, so a locked or full store is told as such.
 */
export class SqliteAdapter extends KeyvSqlite {
  constructor(file: string, table: string, options: SqliteAdapterOptions) {
    super({ uri: `sqlite://${file}`, table, busyTimeout: options.busyTimeoutMs });
    const raw = this.query;
    const ready = options.setup.reduce<Promise<unknown>>((previous, sql) => previous.then(() => raw(sql)), Promise.resolve());
    // Marked handled here; every query awaits `ready` below and so still sees its failure.
    ready.catch(() => undefined);
    this.query = async (sql, ...parameters) => {
      const refused = options.refuse();
      if (refused) throw refused;
      try {
        await ready;
        return await raw(sql, ...parameters);
      } catch (error) {
        throw options.translate(error);
      }
    };
  }

  /**
   * The entries arrive serialized by keyv (text values); one upsert statement writes them all,
   * passed as one JSON parameter as the adapter's getMany does. (`WHERE true` is how SQLite
   * tells an upsert's ON CONFLICT from a join condition after a SELECT.)
   */
  async setMany(entries: Array<{ key: string; value: unknown }>): Promise<void> {
    if (entries.length === 0) return;
    await this.query(
      `INSERT INTO ${this.opts.table} (key, value) SELECT json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]') FROM json_each(?) AS e WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      JSON.stringify(entries.map((entry) => [entry.key, entry.value])),
    );
  }
}
