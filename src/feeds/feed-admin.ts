import type { FeedDefinition } from '../model/feed.js';
import type { FeedRepository } from '../store/feed-repository.js';
import type { FeedStateRepository } from '../store/feed-state-repository.js';
import { describeError } from '../util/errors.js';
import { UserError } from '../util/user-error.js';
import type { FeedCatalog } from './feed-catalog.js';
import type { FeedSource } from './fetch/feed-source.js';
import { decodeFeed } from './parse/decode.js';
import { parseFeed } from './parse/parse-feed.js';

export class FeedChangeError extends UserError {}

/**
 * Feeds managed from chat. An added URL must be http(s), must not point inside the operator's
 * network (checked on the URL, each redirect and the DNS answers, unless settings allow it),
 * and must answer with a feed; only then is it stored and polled.
 */
export class FeedAdmin {
  constructor(
    private readonly catalog: FeedCatalog,
    private readonly repository: FeedRepository,
    private readonly states: FeedStateRepository,
    private readonly source: FeedSource,
    private readonly defaultIntervalMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(url: string, by: string, name?: string): Promise<{ feed: FeedDefinition; items: number }> {
    const trimmed = url.trim().replace(/^<|>$/g, '');
    if (trimmed.length > 2000) throw new FeedChangeError('that URL is too long (2,000 characters at most)');
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new FeedChangeError(`"${trimmed}" is not a URL: give the feed's full address, starting with https://`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FeedChangeError('a feed URL must start with http:// or https://');
    const existing = (await this.catalog.all()).find((f) => f.url === parsed.href);
    if (existing) throw new FeedChangeError(`that feed is already polled as \`${existing.id}\``);
    let title: string | undefined;
    let items = 0;
    try {
      const fetched = await this.source.fetch({ url: parsed.href, guard: true });
      if (fetched.kind !== 'body') throw new Error('the server answered "not modified" to a first request');
      const feed = await parseFeed(decodeFeed(fetched.body, fetched.contentType).text, fetched.finalUrl);
      title = feed.title;
      items = feed.items.length;
    } catch (error) {
      throw new FeedChangeError(`not added: ${describeError(error)}`);
    }
    const id = await this.freeId(slugOf(name ?? title ?? parsed.hostname));
    const feed: FeedDefinition = { id, name: (name ?? title ?? parsed.hostname).slice(0, 200), url: parsed.href, intervalMs: this.defaultIntervalMs, enabled: true, origin: 'admin' };
    await this.repository.put(id, { feed, updatedAt: this.now().toISOString(), updatedBy: by });
    return { feed, items };
  }

  async remove(id: string, by: string): Promise<FeedDefinition> {
    const feed = await this.existing(id);
    await this.repository.put(id, { removed: true, updatedAt: this.now().toISOString(), updatedBy: by });
    return feed;
  }

  /** Clears a feed's failures and disabling; its next poll is due at once. */
  async enable(id: string): Promise<{ feed: FeedDefinition; wasDisabled: string | undefined }> {
    const feed = await this.existing(id);
    const state = await this.states.get(feed.id, feed.url);
    const { disabledAt: _at, disabledReason, ...rest } = state;
    await this.states.put({ ...rest, consecutiveFailures: 0, nextPollAt: this.now().toISOString() });
    return { feed, wasDisabled: disabledReason };
  }

  private async existing(id: string): Promise<FeedDefinition> {
    const feed = await this.catalog.find(id);
    if (!feed) throw new FeedChangeError(`no feed "${id}": see \`admin feed list\``);
    return feed;
  }

  private async freeId(base: string): Promise<string> {
    const taken = new Set((await this.catalog.all()).map((f) => f.id));
    for (let n = 1; ; n += 1) {
      const id = n === 1 ? base : `${base}-${n}`;
      if (!taken.has(id)) return id;
    }
  }
}

function slugOf(text: string): string {
  const slug = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return slug || 'feed';
}
