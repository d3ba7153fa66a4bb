import type { FeedDefinition } from '../model/feed.js';
import { IndexedCollection } from './indexed-collection.js';
import type { Store } from './open-store.js';

/** Feeds added or removed by admins from chat: a whole feed, or a tombstone over a config feed. */
export interface StoredFeed {
  feed?: FeedDefinition;
  removed?: boolean;
  updatedAt: string;
  updatedBy: string;
}

export class FeedRepository {
  private readonly feeds: IndexedCollection<StoredFeed>;

  constructor(store: Store) {
    this.feeds = new IndexedCollection<StoredFeed>(store, 'feeds');
  }

  async all(): Promise<Map<string, StoredFeed>> {
    return new Map(await this.feeds.entries());
  }

  get(id: string): Promise<StoredFeed | undefined> {
    return this.feeds.get(id);
  }

  put(id: string, value: StoredFeed): Promise<void> {
    return this.feeds.put(id, value);
  }
}
