import type Keyv from 'keyv';
import type { CollectionName, Store } from './open-store.js';

/**
 * A small keyv collection that can list its entries: values by key, plus one index entry of
 * the keys. For collections of hundreds or thousands of entries (topics, events, reminder
 * subscriptions), where one extra read beats scanning the store.
 */
export class IndexedCollection<T> {
  private readonly keyv: Keyv<unknown>;

  constructor(
    store: Store,
    name: CollectionName,
    private readonly prefix = '',
  ) {
    this.keyv = store.collection<unknown>(name);
  }

  private get indexKey(): string {
    return `${this.prefix}~index`;
  }

  async keys(): Promise<string[]> {
    return ((await this.keyv.get(this.indexKey)) as string[] | undefined) ?? [];
  }

  async entries(): Promise<Array<[string, T]>> {
    const keys = await this.keys();
    if (keys.length === 0) return [];
    const values = (await this.keyv.getMany(keys.map((k) => this.prefix + k))) as Array<T | undefined>;
    return keys.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i] as T] as [string, T]]));
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.keyv.get(this.prefix + key)) as T | undefined;
  }

  async put(key: string, value: T): Promise<void> {
    await this.keyv.set(this.prefix + key, value);
    const keys = await this.keys();
    if (!keys.includes(key)) await this.keyv.set(this.indexKey, [...keys, key]);
  }

  async remove(key: string): Promise<boolean> {
    const keys = await this.keys();
    if (!keys.includes(key)) return false;
    await this.keyv.set(this.indexKey, keys.filter((k) => k !== key));
    await this.keyv.delete(this.prefix + key);
    return true;
  }
}
