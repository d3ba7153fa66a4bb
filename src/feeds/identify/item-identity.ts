import type { FeedItem } from '../../model/item.js';
import { shortHash } from '../../util/hash.js';
import { normalizeLink } from './normalize-link.js';

/**
 * Which field identifies an item within its feed. Chosen per feed from the fields that are
 * present and unique across the feed's items, in order of reliability, and kept from poll to
 * poll while it stays valid, so that identities do not shift under a feed.
 */
export type IdentityStrategy = 'guid' | 'link' | 'title-date';

const ORDER: IdentityStrategy[] = ['guid', 'link', 'title-date'];

export interface IdentifiedItem {
  item: FeedItem;
  /** Hashed identity under the feed's strategy. */
  id: string;
  /**
   * Hashed fingerprint of what a reader sees (title and link, or title and opening text).
   * A publisher who regenerates guids or changes dates keeps the fingerprint, so the item is
   * not announced again.
   */
  fingerprint: string;
}

export function chooseStrategy(items: FeedItem[], previous?: IdentityStrategy): IdentityStrategy {
  if (previous && isUsable(items, previous)) return previous;
  return ORDER.find((strategy) => isUsable(items, strategy)) ?? 'title-date';
}

export function identify(items: FeedItem[], strategy: IdentityStrategy): IdentifiedItem[] {
  return items.map((item) => ({ item, id: shortHash(rawKey(item, strategy) ?? rawKey(item, 'title-date') ?? ''), fingerprint: fingerprintOf(item) }));
}

function isUsable(items: FeedItem[], strategy: IdentityStrategy): boolean {
  if (strategy === 'title-date') return true;
  const keys = new Set<string>();
  for (const item of items) {
    const key = rawKey(item, strategy);
    if (key === undefined || keys.has(key)) return false;
    keys.add(key);
  }
  return true;
}

function rawKey(item: FeedItem, strategy: IdentityStrategy): string | undefined {
  switch (strategy) {
    case 'guid':
      return item.guid ? `guid:${item.guid}` : undefined;
    case 'link':
      return item.link ? `link:${normalizeLink(item.link)}` : undefined;
    case 'title-date':
      return `title:${normalizeTitle(item.title)}|${item.published ?? ''}`;
  }
}

function fingerprintOf(item: FeedItem): string {
  const anchor = item.link ? normalizeLink(item.link) : item.text.slice(0, 200);
  return shortHash(`fp:${normalizeTitle(item.title)}|${anchor}`);
}

function normalizeTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
