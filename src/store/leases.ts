/**
 * Leases: short, named claims that several ict-radar processes sharing one store use so that a
 * piece of work is done by one of them at a time (draining a target's outbox, handing off due
 * reminders). Taking a lease is one atomic operation on every backend, never a read followed
 * by a write: SET NX on Redis, a conditional upsert on PostgreSQL and SQLite. A lease expires
 * on its own, so a process that dies holding one delays the work by at most its length.
 */
export interface Leases {
  /**
   * Takes the lease `name` for `ttlMs`, or extends it when `holder` already holds it. True when
   * `holder` holds it now; false when another holder does and it has not expired.
   */
  take(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` holds it (never another holder's). */
  release(name: string, holder: string): Promise<void>;
}

/** One process: a map. */
export function memoryLeases(now: () => number = Date.now): Leases {
  const held = new Map<string, { holder: string; until: number }>();
  return {
    async take(name, holder, ttlMs) {
      const lease = held.get(name);
      if (lease && lease.holder !== holder && lease.until > now()) return false;
      held.set(name, { holder, until: now() + ttlMs });
      return true;
    },
    async release(name, holder) {
      if (held.get(name)?.holder === holder) held.delete(name);
    },
  };
}

type Query = (sql: string, ...parameters: unknown[]) => Promise<unknown[]>;

/**
 * SQLite: a `leases` table in the store file, taken with one conditional upsert (atomic under
 * SQLite's write lock, so also between processes sharing the file). Times are this host's
 * clock: processes sharing a file share a host.
 */
export async function sqliteLeases(query: Query, now: () => number = Date.now): Promise<Leases> {
  await query('CREATE TABLE IF NOT EXISTS leases(name TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID');
  return {
    async take(name, holder, ttlMs) {
      const at = now();
      const rows = await query(
        'INSERT INTO leases(name, holder, until) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE leases.until < ? OR leases.holder = excluded.holder RETURNING holder',
        name,
        holder,
        at + ttlMs,
        at,
      );
      return rows.length === 1;
    },
    async release(name, holder) {
      await query('DELETE FROM leases WHERE name = ? AND holder = ?', name, holder);
    },
  };
}

/**
 * PostgreSQL: the same upsert, judged by the server's clock, so that hosts whose clocks differ
 * still agree on when a lease has expired.
 */
export async function postgresLeases(query: (sql: string, values: unknown[]) => Promise<unknown[]>, schema: string): Promise<Leases> {
  const table = `"${schema}".leases`;
  await query(`CREATE TABLE IF NOT EXISTS ${table} (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until TIMESTAMPTZ NOT NULL)`, []).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== '23505') throw error; // created by another process at the same moment
  });
  return {
    async take(name, holder, ttlMs) {
      const rows = await query(
        `INSERT INTO ${table} AS l (name, holder, until) VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::double precision / 1000))
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
         WHERE l.until < clock_timestamp() OR l.holder = EXCLUDED.holder RETURNING holder`,
        [name, holder, ttlMs],
      );
      return rows.length === 1;
    },
    async release(name, holder) {
      await query(`DELETE FROM ${table} WHERE name = $1 AND holder = $2`, [name, holder]);
    },
  };
}

/** What the Redis client offers that leases need (node-redis v5). */
export interface RedisScripting {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// Take or extend: set when free or already ours, in one script (Redis runs a script atomically).
const TAKE = "local v = redis.call('GET', KEYS[1]) if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end return 0";
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** Redis: a key per lease with Redis's own expiry, so no host's clock is involved. */
export function redisLeases(client: RedisScripting, prefix: string): Leases {
  const key = (name: string) => `${prefix}:lease:${name}`;
  return {
    async take(name, holder, ttlMs) {
      return Number(await client.eval(TAKE, { keys: [key(name)], arguments: [holder, String(Math.max(1, Math.round(ttlMs)))] })) === 1;
    },
    async release(name, holder) {
      await client.eval(RELEASE, { keys: [key(name)], arguments: [holder] });
    },
  };
}
