import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/**
 * The keyv-backed store: one keyv collection per repository (a table of its own in SQLite),
 * so that scanning one (the outbox) never walks another (a million seen ids). Only the
 * repositories see keyv; the rest of the code sees typed methods.
 *
 * STORE_URL schemes: sqlite://<path> (the default, a file created on first run; relative
 * paths are relative to the working directory) and memory:// (tests, the demo).
 */
export type CollectionName = 'feed_state' | 'seen' | 'items' | 'outbox' | 'topics' | 'events' | 'reminders' | 'subscriptions' | 'audit' | 'digests' | 'stories' | 'feeds';

export interface Store {
  readonly url: string;
  collection<T>(name: CollectionName): Keyv<T>;
  close(): Promise<void>;
}

export class StoreUrlError extends Error {}

export async function openStore(url: string): Promise<Store> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'memory') return memoryStore(url);
  if (scheme === 'sqlite') return sqliteStore(url);
  throw new StoreUrlError(
    `STORE_URL "${redactUrl(url)}" is not supported: use sqlite://<path to file> (the default, e.g. sqlite://data/ict-radar.sqlite) or memory:// (nothing kept after exit)`,
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
    async close() {
      collections.clear();
    },
  };
}

async function sqliteStore(url: string): Promise<Store> {
  const file = url.replace(/^sqlite:\/\//i, '');
  if (!file) throw new StoreUrlError('STORE_URL "sqlite://" names no file: write sqlite://data/ict-radar.sqlite');
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const collections = new Map<string, { keyv: Keyv; adapter: KeyvSqlite }>();
  const open = (name: CollectionName) => {
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: name, busyTimeout: 10_000 });
    const keyv = new Keyv({ store: adapter, namespace: name, throwOnErrors: true });
    return { keyv, adapter };
  };
  // Write-ahead logging: readers do not block the writer, and a commit costs one sync, not two.
  const first = open('feed_state');
  await first.adapter.query('PRAGMA journal_mode=WAL');
  await first.adapter.query('PRAGMA synchronous=NORMAL');
  collections.set('feed_state', first);
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
    async close() {
      await Promise.all([...collections.values()].map(({ keyv }) => keyv.disconnect().catch(() => undefined)));
      collections.clear();
    },
  };
}

/** Store URLs may carry passwords (redis://user:pass@host): never print them. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
