import type Keyv from 'keyv';
import type { AnalyzedItem } from '../model/item.js';
import type { Store } from './open-store.js';

/** Recently announced items, kept for a while for lookups ("recent", digests, duplicates). */
export class ItemRepository {
  private readonly keyv: Keyv<AnalyzedItem>;

  constructor(store: Store, private readonly retentionMs = 30 * 86_400_000) {
    this.keyv = store.collection<AnalyzedItem>('items');
  }

  async putMany(items: AnalyzedItem[]): Promise<void> {
    if (items.length) await this.keyv.setMany(items.map((item) => ({ key: `${item.feedId}:${item.id}`, value: item, ttl: this.retentionMs })));
  }

  async get(feedId: string, id: string): Promise<AnalyzedItem | undefined> {
    return this.keyv.get(`${feedId}:${id}`);
  }
}
