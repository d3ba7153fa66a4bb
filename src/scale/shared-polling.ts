import type { App } from '../app/compose.js';
import { type CycleReport, isDue } from '../feeds/poll/poll-cycle.js';
import type { DueFeed } from './poll-queue.js';

/**
 * The two halves of shared polling that touch the domain: which feeds are due (the
 * scheduler's question) and one feed's poll (a worker's job).
 */

/** The feeds due now, each with its poll generation (the next poll time it is due for). */
export function dueFeedsOf(app: App, startedAt: number): (now: number) => Promise<DueFeed[]> {
  const spread = app.config.settings.poll.firstPollSpread;
  return async (now) => {
    const feeds = (await app.feeds.all()).filter((feed) => feed.enabled);
    const states = await app.states.getMany(feeds.map((feed) => feed.id));
    return feeds
      .filter((feed) => {
        const state = states.get(feed.id);
        if (state?.disabledAt && state.url === feed.url) return false;
        return isDue(feed, state, now, startedAt, spread);
      })
      .map((feed) => ({ id: feed.id, generation: states.get(feed.id)?.nextPollAt ?? 'never' }));
  };
}

/**
 * One feed's poll job. Under the feed's lease (no two processes poll one feed at once, even
 * when a job presumed stalled is retried while its first worker still runs), and only if no
 * worker has polled the feed since it was enqueued: a feed is fetched at most once per interval.
 */
export function pollJobOf(app: App, onReport?: (report: CycleReport) => void): (feedId: string) => Promise<void> {
  // As long as the queue's own stall timeout: a worker that dies mid-poll frees the feed when
  // the queue hands its job to another worker.
  const leaseMs = app.config.settings.queue.stallTimeout;
  return async (feedId) => {
    const feed = await app.feeds.find(feedId);
    if (!feed?.enabled) return; // removed or switched off since it was enqueued
    await app.exclusively(`poll:${feedId}`, leaseMs, async () => {
      const state = (await app.states.getMany([feedId])).get(feedId);
      const polledAlready = state?.nextPollAt !== undefined && state.url === feed.url && Date.parse(state.nextPollAt) > Date.now();
      if (!polledAlready) onReport?.(await app.cycle.run([feed], { select: 'all' }));
    });
  };
}
