import pLimit, { type LimitFunction } from 'p-limit';
import type { FeedDefinition } from '../../model/feed.js';
import type { FeedState } from '../../model/feed-state.js';
import { describeError } from '../../util/errors.js';
import { firstPollAt } from './schedule.js';
import { runFair } from './fair-runner.js';
import { groupCommit } from './group-commit.js';
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
 *
 * At scale (ten thousand feeds, most answering 304) the store work, not the network, set the
 * pace, so a cycle keeps the two apart:
 *  - a poll gives its network slot back once its request is over; reading and recording a
 *    body has slots of its own (as many), taken before the network slot is given back, so a
 *    busy outbox never idles the network and memory stays bounded;
 *  - hand-offs that meet are written together (group commit);
 *  - final states are written behind, in batches, once each poll's items are durable. The
 *    cycle ends when every state is written; one that could not be is that feed's failure.
 */
export class PollCycle {
  private readonly inFlight = new Set<string>();
  private readonly deps: PollDependencies & { concurrency: number };
  private readonly recording: LimitFunction;

  constructor(deps: PollDependencies & { concurrency: number }) {
    this.deps = { ...deps, handOff: groupCommit(deps.handOff) };
    this.recording = pLimit(deps.concurrency);
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
    for (const feed of chosen) this.inFlight.add(feed.id);
    const saved = new Map<string, Promise<void>>();
    const limits = { concurrency: this.deps.concurrency, perHost: this.deps.settings.poll.perHostConcurrency };
    let polled: PollOutcome[];
    try {
      // A feed whose host is busy waits without holding a global slot (see runFair).
      polled = await runFair(chosen, (feed) => hostOf(feed.url), limits, async (feed, release) => {
        const outcome = await this.pollOne(feed, states.get(feed.id), options.signal, saved, release);
        options.onOutcome?.(feed, outcome);
        this.inFlight.delete(feed.id);
        return outcome;
      });
    } finally {
      for (const feed of chosen) this.inFlight.delete(feed.id);
      await this.deps.states.flush();
    }
    return { polled: await this.unsaved(polled, saved), skipped: feeds.length - chosen.length };
  }

  private async pollOne(feed: FeedDefinition, known: FeedState | undefined, signal: AbortSignal | undefined, saved: Map<string, Promise<void>>, release: () => void): Promise<PollOutcome> {
    if (signal?.aborted) return { feedId: feed.id, status: 'aborted', announced: 0, unseen: 0 };
    try {
      return await pollFeed(feed, this.deps, {
        signal,
        known,
        saveState: (state) => {
          saved.set(feed.id, this.deps.states.putLater(state));
        },
        afterFetch: (record) =>
          this.recording(() => {
            release();
            return record();
          }),
      });
    } catch (error) {
      // pollFeed records feed failures itself; this is the store failing under it.
      return this.unrecorded(feed.id, error);
    }
  }

  /** A poll whose state could not be written is a failure: nothing of it was saved, so it is done again. */
  private async unsaved(polled: PollOutcome[], saved: Map<string, Promise<void>>): Promise<PollOutcome[]> {
    const failures = new Map<Promise<void>, unknown>();
    await Promise.all([...new Set(saved.values())].map((write) => write.catch((error: unknown) => void failures.set(write, error))));
    if (failures.size === 0) return polled;
    return polled.map((outcome) => {
      const write = saved.get(outcome.feedId);
      return write && failures.has(write) ? this.unrecorded(outcome.feedId, failures.get(write)) : outcome;
    });
  }

  private unrecorded(feedId: string, error: unknown): PollOutcome {
    this.deps.logger.error('poll could not record its result', { feed: feedId, error: describeError(error) });
    return { feedId, status: 'failed', announced: 0, unseen: 0, error: describeError(error) };
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
