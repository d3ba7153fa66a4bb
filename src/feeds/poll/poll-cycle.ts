import pLimit from 'p-limit';
import type { FeedDefinition } from '../../model/feed.js';
import type { FeedState } from '../../model/feed-state.js';
import { describeError } from '../../util/errors.js';
import { HostLimiter } from '../fetch/host-limiter.js';
import { firstPollAt } from './schedule.js';
import { type PollDependencies, type PollOutcome, pollFeed } from './poll-feed.js';

export interface CycleOptions {
  /** 'due': feeds whose time has come; 'all': every enabled feed now (poll --once on demand). */
  select: 'due' | 'all';
  /** For 'due': when the scheduler started, to spread never-read feeds' first polls. */
  startedAt?: number;
  signal?: AbortSignal;
  /** Called as each feed finishes, for progress output. */
  onOutcome?: (feed: FeedDefinition, outcome: PollOutcome) => void;
}

export interface CycleReport {
  polled: PollOutcome[];
  skipped: number;
}

/**
 * Runs polls over many feeds with bounded concurrency. A feed still being polled from an
 * earlier cycle is skipped, so one slow feed never stalls the schedule or gets polled twice.
 */
export class PollCycle {
  private readonly inFlight = new Set<string>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly hosts: HostLimiter;

  constructor(private readonly deps: PollDependencies & { concurrency: number }) {
    this.limit = pLimit(deps.concurrency);
    this.hosts = new HostLimiter(deps.settings.poll.perHostConcurrency);
  }

  get busy(): number {
    return this.inFlight.size;
  }

  async run(feeds: FeedDefinition[], options: CycleOptions): Promise<CycleReport> {
    const now = this.deps.now();
    const candidates = feeds.filter((feed) => feed.enabled && !this.inFlight.has(feed.id));
    const states = await this.deps.states.getMany(candidates.map((feed) => feed.id));
    const chosen = candidates.filter((feed) => {
      const state = states.get(feed.id);
      if (state?.disabledAt && state.url === feed.url) return false;
      return options.select === 'all' || isDue(feed, state, now, options.startedAt ?? now, this.deps.settings.poll.firstPollSpread);
    });
    const polled = await Promise.all(
      chosen.map((feed) => {
        this.inFlight.add(feed.id);
        // The host's turn first, then a global slot: feeds queued behind a busy host hold no
        // global slot, so a thousand feeds on one publisher never starve the other hosts.
        return this.hosts.run(hostOf(feed.url), () => this.limit(async () => {
          if (options.signal?.aborted) return { feedId: feed.id, status: 'aborted', announced: 0, unseen: 0 } satisfies PollOutcome;
          try {
            return await pollFeed(feed, this.deps, options.signal, states.get(feed.id));
          } catch (error) {
            // pollFeed records feed failures itself; this is the store failing under it.
            this.deps.logger.error('poll could not record its result', { feed: feed.id, error: describeError(error) });
            return { feedId: feed.id, status: 'failed', announced: 0, unseen: 0, error: describeError(error) } satisfies PollOutcome;
          }
        }))
          .then((outcome) => {
            options.onOutcome?.(feed, outcome);
            return outcome;
          })
          .finally(() => this.inFlight.delete(feed.id));
      }),
    );
    return { polled, skipped: feeds.length - chosen.length };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'local';
  } catch {
    return 'invalid';
  }
}

export function isDue(feed: FeedDefinition, state: FeedState | undefined, now: number, startedAt: number, spreadMs: number): boolean {
  if (!state?.nextPollAt || state.url !== feed.url) return firstPollAt(startedAt, feed.intervalMs, feed.id, spreadMs) <= now;
  return Date.parse(state.nextPollAt) <= now;
}
