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
  /** Who holds the lease now (undefined when nobody does or it has expired). */
  holderOf(name: string): Promise<string | undefined>;
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
    async holderOf(name) {
      const lease = held.get(name);
      return lease && lease.until > now() ? lease.holder : undefined;
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
    async holderOf(name) {
      const rows = (await query('SELECT holder FROM leases WHERE name = ? AND until >= ?', name, now())) as Array<{ holder: string }>;
      return rows[0]?.holder;
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
    async holderOf(name) {
      const rows = (await query(`SELECT holder FROM ${table} WHERE name = $1 AND until >= clock_timestamp()`, [name])) as Array<{ holder: string }>;
      return rows[0]?.holder;
    },
  };
}

/** What the Redis client offers that leases need (node-redis v5). */
export interface RedisScripting {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  get(key: string): Promise<string | null>;
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
    async holderOf(name) {
      return (await client.get(key(name))) ?? undefined;
    },
  };
}

/**
 * A lease left by a process of this host that is gone (killed, crashed) is broken at once
 * instead of waiting out its time, so a restart after a crash resumes delivery right away.
 * Holders are `<host>:<pid>:<nonce>`: one of this host whose pid no longer runs is gone, and so
 * is one with our own pid but another nonce (an earlier life of this process slot, as a
 * container's PID 1 is on every restart). Holders of other hosts wait out their leases.
 */
export function breakingLocalStaleLeases(leases: Leases, self: string, isRunning: (pid: number) => boolean = pidRunning): Leases {
  const [host, pid] = self.split(':');
  const gone = (holder: string): boolean => {
    const [theirHost, theirPid] = holder.split(':');
    if (theirHost !== host || holder === self) return false;
    return theirPid === pid || !isRunning(Number(theirPid));
  };
  return {
    ...leases,
    take: async (name, holder, ttlMs) => {
      if (await leases.take(name, holder, ttlMs)) return true;
      const current = await leases.holderOf(name);
      if (!current || !gone(current)) return false;
      // Conditional on the dead holder, so two survivors racing here still end with one holder.
      await leases.release(name, current);
      return leases.take(name, holder, ttlMs);
    },
  };
}

function pidRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // unknown: assume it runs
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}
