import { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import pg from 'pg';
import type { CollectionName, Store } from './open-store.js';
import { PostgresAdapter } from './postgres-adapter.js';
import { RedisAdapter } from './redis-adapter.js';
import { remoteFailure, remoteFailureOf, remoteTarget } from './remote-failure.js';
import { FailureLatch } from './store-failure.js';
import { type Leases, postgresLeases, redisLeases } from './leases.js';

/**
 * Stores on a server, so that several ict-radar processes can share state: Redis and
 * PostgreSQL through keyv's adapters (redis-adapter.ts, postgres-adapter.ts say what is added).
 * Every collection is a keyv of its own, kept apart on the server as in SQLite:
 *  - Redis: keys `<prefix>:<collection>:<key>` (prefix `ict-radar`, or `?prefix=`), and for
 *    every listed collection a set of its keys, so listing the outbox reads the outbox only.
 *  - PostgreSQL: a table per collection in schema `public` (or `?schema=`), the same tables and
 *    rows as the SQLite file. A table per collection rather than one table of namespaces: the
 *    outbox and items are listed by walking their table's primary key, which one shared table
 *    could only do by walking past the other collections' rows (a million seen ids).
 * A connection lost for good, a server out of space or refusing us fails the store (`failed`),
 * as a locked or full SQLite file does; the worker then stops.
 */

/** Reconnection attempts (100ms, 200ms, ... up to 2s apart) before a lost Redis is a failed store. */
const REDIS_RECONNECTS = 5;
const CONNECT_TIMEOUT_MS = 5_000;

export async function openRedisStore(url: string): Promise<Store> {
  const target = remoteTarget(url, 'prefix', /^[A-Za-z0-9_.-]{1,64}$/, 'ict-radar', 'letters, digits, "_", "." and "-"');
  const latch = new FailureLatch();
  const client = createClient({
    url: target.connectUrl,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number, cause: Error) => {
        const failure = remoteFailureOf('Redis', target, cause) ?? remoteFailure('Redis', target, 'unreachable', cause);
        // A wrong password or a full server does not mend by reconnecting; a lost network may.
        if (retries < REDIS_RECONNECTS && failure.kind === 'unreachable') return Math.min(100 * 2 ** retries, 2_000);
        // Given up: commands waiting for the connection fail, and so does the store, even if
        // no operation was under way to notice it.
        latch.report(failure);
        return false;
      },
    },
  });
  // Without a listener a socket error would crash the process; every failure reaches the store
  // through the operation it broke, or the reconnect strategy above. Each collection's adapter
  // listens too: room for all of them.
  client.on('error', () => undefined);
  client.setMaxListeners(64);
  const guard = closable(latch.guard((error) => remoteFailureOf('Redis', target, error)));
  try {
    await guard(async () => {
      await client.connect();
      await client.ping();
    });
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw error;
  }
  const leases = redisLeases({ eval: (script, options) => guard(() => client.eval(script, options)), get: (key) => guard(() => client.get(key)) }, target.place);
  return remoteStore(url, latch, leases, guard.close, async () => {
    // close() lets the commands under way finish; a client still reconnecting has none that can.
    if (client.isOpen) await (client.isReady ? client.close() : Promise.resolve(client.destroy()));
  }, (name) => {
    const namespace = `${target.place}:${name}`;
    // The seen ids are never listed: no set of a million keys to keep beside them.
    const store = new RedisAdapter(client, namespace, name !== 'seen', guard);
    // keyv's prefixing is off: the adapter writes `<namespace>:<key>` itself (as @keyv/redis's createKeyv does).
    return new Keyv({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
  });
}

export async function openPostgresStore(url: string): Promise<Store> {
  const target = remoteTarget(url, 'schema', /^[a-z_][a-z0-9_]{0,62}$/, 'public', 'lower-case letters, digits and "_"');
  const latch = new FailureLatch();
  const pool = new pg.Pool({ connectionString: target.connectUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection dropped by the server (a restart, a proxy's timeout): the pool discards
  // it and the next query opens another, or fails and so fails the store. Unheard, it would
  // crash the process.
  pool.on('error', () => undefined);
  const guard = closable(latch.guard((error) => remoteFailureOf('PostgreSQL', target, error)));
  const schema = target.place;
  const open = (name: CollectionName) => {
    const store = new PostgresAdapter({ pool, guard, schema, table: name });
    return { store, keyv: new Keyv({ store, namespace: name, throwOnErrors: true }) };
  };
  const opened = new Map<CollectionName, Keyv>();
  let leases: Leases;
  try {
    // The schema is created only if missing, so a role that may not create one can use one made for it.
    await guard(async () => {
      const { rows } = await pool.query<{ present: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS present', [schema]);
      if (!rows[0]?.present) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch(unlessRaced);
    });
    // One table now, so that a server that refuses us is reported at start, not at the first poll.
    const first = open('feed_state');
    opened.set('feed_state', first.keyv);
    await first.store.query(`SELECT 1 FROM "${schema}".feed_state LIMIT 1`);
    leases = await postgresLeases((sql, values) => guard(async () => (await pool.query(sql, values)).rows as unknown[]), schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw latch.failure ?? error;
  }
  return remoteStore(url, latch, leases, guard.close, () => pool.end(), (name) => open(name).keyv, opened);
}

/** A CREATE raced by another process creating the same thing (unique_violation) is no error. */
function unlessRaced(error: unknown): void {
  if ((error as { code?: unknown }).code !== '23505') throw error;
}

type Guard = ReturnType<FailureLatch['guard']>;

/** The guard, refusing every operation once the store is closed (a keyv adapter would reconnect). */
function closable(guard: Guard): Guard & { close: () => void } {
  let closed = false;
  const refusing = (<T>(work: () => Promise<T>) => (closed ? Promise.reject(new Error('the store is closed')) : guard(work))) as Guard & { close: () => void };
  refusing.close = () => (closed = true);
  return refusing;
}

function remoteStore(
  url: string,
  latch: FailureLatch,
  leases: Leases,
  refuse: () => void,
  disconnect: () => Promise<void>,
  create: (name: CollectionName) => Keyv,
  collections = new Map<CollectionName, Keyv>(),
): Store {
  return {
    url,
    collection<T>(name: CollectionName) {
      let keyv = collections.get(name);
      if (!keyv) collections.set(name, (keyv = create(name)));
      return keyv as Keyv<T>;
    },
    failed: latch.failed,
    leases,
    async close() {
      refuse();
      collections.clear();
      await disconnect().catch(() => undefined);
    },
  };
}
