import type Keyv from 'keyv';
import type { Store } from './open-store.js';

/**
 * The hashed identities (and fingerprints) of items already seen, per feed. Each entry
 * expires after the retention period; by then the item has long left its feed, and the
 * age limit stops an old item that reappears from being announced.
 */
export class SeenRepository {
  private readonly keyv: Keyv<number>;

  constructor(store: Store, private readonly retentionMs: number) {
    this.keyv = store.collection<number>('seen');
  }

  /** Which of these hashes were seen in this feed. */
  async seenAmong(feedId: string, hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const unique = [...new Set(hashes)];
    const values = await this.keyv.getMany(unique.map((hash) => key(feedId, hash)));
    return new Set(unique.filter((_, index) => values[index] !== undefined));
  }

  async mark(feedId: string, hashes: string[], at: number): Promise<void> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return;
    await this.keyv.setMany(unique.map((hash) => ({ key: key(feedId, hash), value: at, ttl: this.retentionMs })));
  }
}

function key(feedId: string, hash: string): string {
  return `${feedId}:${hash}`;
}
