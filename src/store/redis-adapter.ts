import KeyvRedis, { type RedisClientType } from '@keyv/redis';
import type { KeyvEntry } from 'keyv';

/** A client as createClient() makes it (RESP2, no modules). */
export type RedisClient = RedisClientType;
type Guard = <T>(work: () => Promise<T>) => Promise<T>;

/** Keys read per round trip while listing a collection. */
const PAGE = 500;

/**
 * Removes the listed keys from the index set if they no longer exist (expired), in one atomic
 * step: a key set again meanwhile by another process (SET and SADD together) keeps its entry.
 */
const PRUNE = `local n = 0
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then n = n + redis.call('SREM', KEYS[1], KEYS[i]) end
end
return n`;

/**
 * @keyv/redis for one collection on a client shared by the whole store, with what it lacks:
 *  - listing without walking the keyspace. keyv's Redis iterator SCANs the whole database
 *    with a MATCH pattern, which walks every key (a million seen ids) to list a few outbox
 *    entries. Here a collection that is listed keeps a set of its keys (`<namespace>~keys`),
 *    written in the same MULTI as the keys themselves, and the iterator reads that set.
 *    Expired keys (items carry a ttl) are dropped from the set as the iterator meets them.
 *  - every operation passes through `guard`, so a server gone, full or refusing us fails the
 *    store (open-store's `failed`) instead of being retried or swallowed.
 * Values are keyv's serialized text; a ttl is also Redis's own expiry (PX), so seen ids vanish
 * from the server on time, not only when read.
 */
export class RedisAdapter extends KeyvRedis<string> {
  /** The key of the set that lists this collection's keys; undefined for a collection never listed. */
  private readonly index: string | undefined;

  constructor(
    private readonly redis: RedisClient,
    namespace: string,
    listed: boolean,
    private readonly guard: Guard,
  ) {
    // The cast: the adapter's client type is a union over RESP versions and modules that a
    // plain createClient() result does not satisfy in TypeScript, though it is one of them.
    super(redis as unknown as ConstructorParameters<typeof KeyvRedis>[0], { namespace, keyPrefixSeparator: ':', throwOnErrors: true, throwOnConnectError: true });
    this.index = listed ? `${namespace}~keys` : undefined;
  }

  override get<U = string>(key: string): Promise<U | undefined> {
    return this.guard(() => super.get<U>(key));
  }

  override getMany<U = string>(keys: string[]): Promise<Array<U | undefined>> {
    return this.guard(() => super.getMany<U>(keys));
  }

  override has(key: string): Promise<boolean> {
    return this.guard(() => super.has(key));
  }

  override set(key: string, value: string, ttl?: number): Promise<void> {
    return this.setMany([{ key, value, ttl }]);
  }

  /** One MULTI: the values and their index entries are written together or not at all. */
  override async setMany(entries: KeyvEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.guard(async () => {
      const multi = this.redis.multi();
      const keys = entries.map(({ key, value, ttl }) => {
        const full = this.full(key);
        multi.set(full, String(value), typeof ttl === 'number' && ttl > 0 ? { PX: ttl } : {});
        return full;
      });
      if (this.index) multi.sAdd(this.index, keys);
      await multi.exec();
    });
  }

  override async delete(key: string): Promise<boolean> {
    return this.deleteMany([key]);
  }

  override async deleteMany(keys: string[]): Promise<boolean> {
    if (keys.length === 0) return false;
    return this.guard(async () => {
      const full = keys.map((key) => this.full(key));
      const multi = this.redis.multi().unlink(full);
      if (this.index) multi.sRem(this.index, full);
      const [unlinked] = await multi.exec();
      return Number(unlinked) > 0;
    });
  }

  /**
   * Every entry of this collection, read from its index set (SSCAN, then MGET per page). SSCAN
   * may return a member twice; each key is yielded once. A collection without an index falls
   * back to keyv's keyspace SCAN (correct, but it walks every key in the database).
   */
  override async *iterator<U = string>(namespace?: string): AsyncGenerator<[string, U | undefined], void, unknown> {
    const index = this.index;
    if (!index) {
      yield* super.iterator<U>(namespace);
      return;
    }
    const yielded = new Set<string>();
    let cursor = '0';
    do {
      const page = await this.guard(() => this.redis.sScan(index, cursor, { COUNT: PAGE }));
      cursor = String(page.cursor);
      const members = page.members.filter((member) => !yielded.has(member));
      if (members.length === 0) continue;
      const values = await this.guard(() => this.redis.mGet(members));
      const gone = members.filter((_, i) => values[i] === null);
      if (gone.length) await this.guard(() => this.redis.eval(PRUNE, { keys: [index, ...gone] }));
      for (const [i, member] of members.entries()) {
        const value = values[i];
        if (value === null || value === undefined) continue;
        yielded.add(member);
        yield [this.getKeyWithoutPrefix(member, this.namespace ?? ''), value as U];
      }
    } while (cursor !== '0');
  }

  private full(key: string): string {
    return this.createKeyPrefix(key, this.namespace ?? '');
  }
}
