import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Keyv from 'keyv';
import { formatDuration } from '../util/duration.js';
import { openPostgresStore, openRedisStore } from './remote-store.js';
import { type Leases, memoryLeases, sqliteLeases } from './leases.js';
import { SqliteAdapter } from './sqlite-adapter.js';
import { StoreFailure, StoreUrlError, redactUrl } from './store-failure.js';

export { StoreFailure, StoreUrlError, redactUrl };

/**
 * The keyv-backed store: one keyv collection per repository (a table of its own in SQLite),
 * so that scanning one (the outbox) never walks another (a million seen ids). Only the
 * repositories see keyv; the rest of the code sees typed methods.
 *
 * STORE_URL schemes: sqlite://<path> (the default, a file created on first run; relative
 * paths are relative to the working directory), memory:// (tests, the demo), and for state
 * shared by several processes redis://, rediss:// (TLS), postgres:// and postgresql://
 * (remote-store.ts).
 */
export type CollectionName = 'feed_state' | 'seen' | 'items' | 'outbox' | 'topics' | 'events' | 'reminders' | 'subscriptions' | 'audit' | 'digests' | 'stories' | 'feeds';

export interface Store {
  readonly url: string;
  collection<T>(name: CollectionName): Keyv<T>;
  /**
   * Settles once the store has failed in a way that means its state can no longer be trusted
   * (locked by another process, full, a failing disk). From then on every operation refuses
   * with the same failure, so nothing is half-saved after it; the worker stops on it.
   */
  readonly failed: Promise<StoreFailure>;
  /** Named claims shared by every process on this store (leases.ts). */
  readonly leases: Leases;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** How long an operation waits for a lock held by another process before giving up (store.busyTimeout). */
  busyTimeoutMs?: number;
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'memory') return memoryStore(url);
  if (scheme === 'sqlite') return sqliteStore(url, options.busyTimeoutMs ?? 10_000);
  if (scheme === 'redis' || scheme === 'rediss') return openRedisStore(url);
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgresStore(url);
  throw new StoreUrlError(
    `STORE_URL "${redactUrl(url)}" is not supported: use sqlite://<path to file> (the default, e.g. sqlite://data/ict-radar.sqlite), redis://[:password@]host[:port][/db] or rediss://, postgres://user[:password]@host[:port]/database, or memory:// (nothing kept after exit)`,
  );
}

function memoryStore(url: string): Store {
  const collections = new Map<string, Keyv>();
  return {
    url,
    collection<T>(name: CollectionName) {
      let keyv = collections.get(name);
      if (!keyv) {
        keyv = new Keyv({ store: new Map(), namespace: name, throwOnErrors: true });
        collections.set(name, keyv);
      }
      return keyv as Keyv<T>;
    },
    failed: new Promise<StoreFailure>(() => undefined),
    leases: memoryLeases(),
    async close() {
      collections.clear();
    },
  };
}

async function sqliteStore(url: string, busyTimeoutMs: number): Promise<Store> {
  const file = url.replace(/^sqlite:\/\//i, '');
  if (!file) throw new StoreUrlError('STORE_URL "sqlite://" names no file: write sqlite://data/ict-radar.sqlite');
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const collections = new Map<string, { keyv: Keyv; adapter: SqliteAdapter }>();
  let failure: StoreFailure | undefined;
  let reportFailure: (failure: StoreFailure) => void = () => undefined;
  const failed = new Promise<StoreFailure>((resolve) => (reportFailure = resolve));
  const adapterOptions = {
    busyTimeoutMs,
    setup: connectionSetup(),
    refuse: () => failure,
    translate: (error: unknown) => {
      const known = error instanceof StoreFailure ? error : storeFailureOf(error, file, busyTimeoutMs);
      if (!known) return error;
      if (!failure) reportFailure((failure = known));
      return known;
    },
  };
  const open = (name: CollectionName) => {
    const adapter = new SqliteAdapter(file, name, adapterOptions);
    const keyv = new Keyv({ store: adapter, namespace: name, throwOnErrors: true });
    return { keyv, adapter };
  };
  const closeAll = () => Promise.all([...collections.values()].map(({ keyv }) => keyv.disconnect().catch(() => undefined)));
  const first = open('feed_state');
  collections.set('feed_state', first);
  let leases: Leases;
  try {
    // Write-ahead logging (kept in the file): readers do not block the writer.
    await first.adapter.query('PRAGMA journal_mode=WAL');
    // The seen ids (a million small rows) in a table clustered on the key, created before its
    // adapter would create an ordinary one: the key is stored once instead of in table and
    // index (28% smaller), and a lookup is one b-tree search. Same columns, so keyv sees no
    // difference; a store created before this keeps its table. Large rows (items, outbox)
    // stay in ordinary tables, which suit them better.
    await first.adapter.query('CREATE TABLE IF NOT EXISTS seen(key VARCHAR(255) PRIMARY KEY, value TEXT) WITHOUT ROWID');
    // Take the write lock once now, so that a store held by another process is reported at
    // start rather than at the first poll that has something to save.
    await first.adapter.query('BEGIN IMMEDIATE');
    await first.adapter.query('COMMIT');
    leases = await sqliteLeases((sql, ...parameters) => first.adapter.query(sql, ...parameters) as Promise<unknown[]>);
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    url,
    collection<T>(name: CollectionName) {
      let entry = collections.get(name);
      if (!entry) {
        entry = open(name);
        collections.set(name, entry);
      }
      return entry.keyv as Keyv<T>;
    },
    failed,
    leases,
    async close() {
      await closeAll();
      collections.clear();
    },
  };
}

/**
 * Run on every connection: the adapter keeps one per table, and these pragmas are per
 * connection (set on the first one only, every other table, seen ids included, synced each
 * commit to disk). synchronous=NORMAL: under WAL a commit is not synced, a checkpoint is; a
 * power cut may lose the last commits (their polls are done again) but never corrupts the file.
 */
function connectionSetup(): string[] {
  const setup = ['PRAGMA synchronous=NORMAL'];
  // Test hook, for the full-disk test only: caps the file at its size when opened, so that
  // writes that need new pages fail with SQLITE_FULL as on a full disk. Unset in normal use.
  const maxPages = Number(process.env.ICT_RADAR_TEST_STORE_MAX_PAGES);
  if (Number.isInteger(maxPages) && maxPages > 0) setup.push(`PRAGMA max_page_count=${maxPages}`);
  return setup;
}

/** SQLite's environmental failures, told as what they mean for the operator; undefined for others. */
function storeFailureOf(error: unknown, file: string, busyTimeoutMs: number): StoreFailure | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  const cause = { cause: error };
  switch (code) {
    case 'SQLITE_BUSY':
      return new StoreFailure('locked', `the store file ${file} is locked by another process; stop the other ict-radar or tool that holds it (waited ${formatDuration(busyTimeoutMs)}, see store.busyTimeout)`, cause);
    case 'SQLITE_FULL':
      return new StoreFailure('full', `the store is full: free disk space for ${file} (SQLITE_FULL), then start ict-radar again; what could not be saved was not marked seen and is polled again`, cause);
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_CANTOPEN':
      return new StoreFailure('unwritable', `the store file ${file} cannot be opened or written (${code}): check its permissions and its folder`, cause);
    case 'SQLITE_IOERR':
      return new StoreFailure('disk', `the store file ${file} could not be read or written (${code}): check the disk (full or failing?)`, cause);
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new StoreFailure('damaged', `the store file ${file} is damaged or not an ict-radar store (${code}): restore it from a backup, or move it away to start afresh`, cause);
    default:
      return undefined;
  }
}
