import type { IdentityStrategy } from '../feeds/identify/item-identity.js';

/** What the worker remembers about a feed between polls: validators, schedule and health. */
export interface FeedState {
  feedId: string;
  /** The configured URL this state belongs to; a changed URL starts over on redirects and validators. */
  url: string;
  /** Where a permanent redirect sent us: polled instead of `url` from then on. */
  movedTo?: string;
  etag?: string;
  lastModified?: string;
  strategy?: IdentityStrategy;
  /** ISO instants. */
  firstReadAt?: string;
  lastPollAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  lastStatus?: number;
  nextPollAt?: string;
  consecutiveFailures: number;
  disabledAt?: string;
  disabledReason?: string;
  /** Counters for `feeds status`. */
  itemsAnnounced: number;
  lastNewItems: number;
}

export function initialFeedState(feedId: string, url: string): FeedState {
  return { feedId, url, consecutiveFailures: 0, itemsAnnounced: 0, lastNewItems: 0 };
}
