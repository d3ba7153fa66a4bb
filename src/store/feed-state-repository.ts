import type Keyv from 'keyv';
import { type FeedState, initialFeedState } from '../model/feed-state.js';
import type { Store } from './open-store.js';

export class FeedStateRepository {
  private readonly keyv: Keyv<FeedState>;

  constructor(store: Store) {
    this.keyv = store.collection<FeedState>('feed_state');
  }

  /** The feed's state, fresh when none is stored or when the configured URL changed. */
  async get(feedId: string, url: string): Promise<FeedState> {
    const stored = await this.keyv.get(feedId);
    if (!stored) return initialFeedState(feedId, url);
    if (stored.url !== url) {
      // A new URL is a new feed as far as validators and redirects go; its health history stays.
      const { etag: _e, lastModified: _l, movedTo: _m, ...rest } = stored;
      return { ...rest, url, consecutiveFailures: 0 };
    }
    return stored;
  }

  async getMany(feedIds: string[]): Promise<Map<string, FeedState>> {
    const values = feedIds.length ? await this.keyv.getMany(feedIds) : [];
    const found = new Map<string, FeedState>();
    values.forEach((value, index) => {
      if (value) found.set(feedIds[index] as string, value);
    });
    return found;
  }

  async put(state: FeedState): Promise<void> {
    await this.keyv.set(state.feedId, state);
  }
}
