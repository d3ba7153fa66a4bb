import type { FeedDefinition } from '../model/feed.js';
import type { FeedRepository } from '../store/feed-repository.js';

/** The feeds in force: config/feeds.yaml with the feeds admins added or removed from chat. */
export class FeedCatalog {
  private readonly configById: Map<string, FeedDefinition>;

  constructor(
    private readonly configFeeds: FeedDefinition[],
    private readonly repository?: FeedRepository,
  ) {
    this.configById = new Map(configFeeds.map((feed) => [feed.id, feed]));
  }

  async all(): Promise<FeedDefinition[]> {
    const stored = this.repository ? await this.repository.all() : new Map();
    const feeds = this.configFeeds.filter((f) => !stored.get(f.id)?.removed).map((f) => ({ ...f, origin: 'config' as const }));
    for (const [id, entry] of stored) {
      if (!entry.removed && entry.feed && !this.configById.has(id)) feeds.push({ ...entry.feed, origin: 'admin' });
    }
    return feeds;
  }

  /** One feed by id: one store read, not the whole list (a poll job asks for its feed). */
  async find(id: string): Promise<FeedDefinition | undefined> {
    const stored = await this.repository?.get(id);
    if (stored?.removed) return undefined;
    const config = this.configById.get(id);
    if (config) return { ...config, origin: 'config' };
    return stored?.feed ? { ...stored.feed, origin: 'admin' } : undefined;
  }
}
