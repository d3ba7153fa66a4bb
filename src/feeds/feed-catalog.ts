import type { FeedDefinition } from '../model/feed.js';
import type { FeedRepository } from '../store/feed-repository.js';

/** The feeds in force: config/feeds.yaml with the feeds admins added or removed from chat. */
export class FeedCatalog {
  constructor(
    private readonly configFeeds: FeedDefinition[],
    private readonly repository?: FeedRepository,
  ) {}

  async all(): Promise<FeedDefinition[]> {
    const stored = this.repository ? await this.repository.all() : new Map();
    const feeds = this.configFeeds.filter((f) => !stored.get(f.id)?.removed).map((f) => ({ ...f, origin: 'config' as const }));
    for (const [id, entry] of stored) {
      if (!entry.removed && entry.feed && !feeds.some((f) => f.id === id)) feeds.push({ ...entry.feed, origin: 'admin' });
    }
    return feeds;
  }

  async find(id: string): Promise<FeedDefinition | undefined> {
    return (await this.all()).find((f) => f.id === id);
  }
}
