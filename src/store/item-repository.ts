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

  /** The newest announced items (by publication, else hand-off), optionally of one topic. */
  async recent(limit: number, topic?: string): Promise<AnalyzedItem[]> {
    const found: AnalyzedItem[] = [];
    if (!this.keyv.iterator) return found;
    for await (const [, value] of this.keyv.iterator(this.keyv.namespace)) {
      const item = value as AnalyzedItem | undefined;
      if (item && (!topic || item.topics.some((t) => t.id === topic))) found.push(item);
    }
    return found.sort((a, b) => (b.published ?? '').localeCompare(a.published ?? '')).slice(0, limit);
  }
}
