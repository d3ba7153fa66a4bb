import type { Analyzer } from '../../analysis/analyze.js';
import type { Settings } from '../../config/settings-schema.js';
import type { HandOffEntry } from '../../delivery/outbox.js';
import type { FeedDefinition } from '../../model/feed.js';
import type { FeedState } from '../../model/feed-state.js';
import type { AnalyzedItem } from '../../model/item.js';
import type { FeedStateRepository } from '../../store/feed-state-repository.js';
import type { SeenRepository } from '../../store/seen-repository.js';
import { describeError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { FetchError, type FeedSource, type FetchedBody } from '../fetch/feed-source.js';
import { chooseStrategy, identify } from '../identify/item-identity.js';
import { selectNew } from '../identify/select-new.js';
import { decodeFeed } from '../parse/decode.js';
import { parseFeed } from '../parse/parse-feed.js';
import { nextAfterFailure, nextAfterSuccess } from './schedule.js';

export interface PollDependencies {
  source: FeedSource;
  states: FeedStateRepository;
  seen: SeenRepository;
  handOff: (batch: HandOffEntry[]) => Promise<void>;
  /** The analyzer in force for this poll (topics may change between polls). */
  analyzer: () => Promise<Analyzer>;
  /** Takes the events found in every new item (announced or not) into the calendar. */
  recordEvents?: (feedId: string, items: AnalyzedItem[]) => Promise<void>;
  settings: Pick<Settings, 'items' | 'failures' | 'poll'>;
  now: () => number;
  logger: Logger;
}

export type PollStatus = 'new-items' | 'no-new-items' | 'not-modified' | 'failed' | 'disabled' | 'aborted';

export interface PollOptions {
  signal?: AbortSignal;
  /** The feed's state, when the caller has read it already (the cycle reads all in one query). */
  known?: FeedState;
  /**
   * How the final state is saved; by default written at once. The cycle collects them to write
   * in batches: it is called only after the hand-off and the seen marks are durable.
   */
  saveState?: (state: FeedState) => Promise<void> | void;
  /** Runs what follows a fetched body (everything but the request); by default it just runs. */
  afterFetch?: (record: () => Promise<PollOutcome>) => Promise<PollOutcome>;
}

export interface PollOutcome {
  feedId: string;
  status: PollStatus;
  announced: number;
  unseen: number;
  error?: string;
  nextPollAt?: string;
}

/**
 * One feed, one poll: fetch, decode, parse, identify, pick what is new, hand it to delivery,
 * then record it as seen, then save the feed's state. That order is what makes a crash safe:
 * validators (ETag) are saved last, so an interrupted poll is simply done again.
 */
export async function pollFeed(feed: FeedDefinition, deps: PollDependencies, options: PollOptions = {}): Promise<PollOutcome> {
  const { signal, known } = options;
  // The cycle has read every feed's state in one query; a lone poll reads its own.
  const state = known && known.url === feed.url ? known : await deps.states.get(feed.id, feed.url);
  const save = options.saveState ?? ((next: FeedState) => deps.states.put(next));
  const startedAt = deps.now();
  // Made on first use: most polls (a 304) log nothing.
  let logger: Logger | undefined;
  const log = (): Logger => (logger ??= deps.logger.child({ feed: feed.id }));
  try {
    const fetched = await deps.source.fetch({ url: state.movedTo ?? feed.url, etag: state.etag, lastModified: state.lastModified, signal, guard: feed.origin === 'admin' });
    if (signal?.aborted) return { feedId: feed.id, status: 'aborted', announced: 0, unseen: 0 };
    const movedTo = fetched.permanentUrl ?? state.movedTo;
    if (fetched.permanentUrl && fetched.permanentUrl !== state.movedTo) log().info('feed moved permanently; polling the new address from now on', { to: fetched.permanentUrl });
    const nextPollAt = nextAfterSuccess(deps.now(), feed.intervalMs, feed.id, fetched.maxAgeMs, deps.settings.poll.maxCacheAge);
    if (fetched.kind === 'not-modified') {
      await save(succeeded(state, startedAt, nextPollAt, { movedTo, lastStatus: fetched.status, lastNewItems: 0 }));
      return { feedId: feed.id, status: 'not-modified', announced: 0, unseen: 0, nextPollAt: iso(nextPollAt) };
    }

    // The request is over; the rest (parsing, analysis, the store) runs in the caller's stage
    // for it, if any, so that a busy outbox does not keep a network slot idle.
    const record = () => readAndRecord(feed, deps, state, fetched, { startedAt, nextPollAt, movedTo, save, log });
    return await (options.afterFetch ? options.afterFetch(record) : record());
  } catch (error) {
    // The worker is stopping: this is not the feed's fault and must not count against it.
    if (signal?.aborted || (error instanceof FetchError && error.kind === 'aborted')) {
      return { feedId: feed.id, status: 'aborted', announced: 0, unseen: 0 };
    }
    const reason = describeError(error);
    const failures = state.consecutiveFailures + 1;
    const permanent = error instanceof FetchError && error.permanent;
    const disable = permanent || failures >= deps.settings.failures.disableAfter;
    const retryAfter = error instanceof FetchError ? error.details.retryAfterMs : undefined;
    const nextPollAt = nextAfterFailure(deps.now(), failures, deps.settings.failures, retryAfter);
    const failed: FeedState = {
      ...state,
      lastPollAt: iso(startedAt),
      lastErrorAt: iso(deps.now()),
      lastError: reason,
      lastStatus: error instanceof FetchError ? error.details.status : undefined,
      consecutiveFailures: failures,
      nextPollAt: iso(nextPollAt),
    };
    if (disable) {
      failed.disabledAt = iso(deps.now());
      failed.disabledReason = permanent ? reason : `${failures} consecutive failures; last: ${reason}`;
      log().warn('feed disabled', { reason: failed.disabledReason });
    } else {
      log().warn('feed poll failed; will retry with backoff', { error: reason, failures, retryAt: failed.nextPollAt });
    }
    await save(failed);
    return { feedId: feed.id, status: disable ? 'disabled' : 'failed', announced: 0, unseen: 0, error: reason, nextPollAt: failed.nextPollAt };
  }
}

interface RecordContext {
  startedAt: number;
  nextPollAt: number;
  movedTo: string | undefined;
  save: (state: FeedState) => Promise<void> | void;
  log: () => Logger;
}

/** A fetched body: decode, parse, identify, pick what is new, hand it off, mark it seen, save the state. */
async function readAndRecord(feed: FeedDefinition, deps: PollDependencies, state: FeedState, fetched: FetchedBody, context: RecordContext): Promise<PollOutcome> {
  const { startedAt, nextPollAt, movedTo, save, log } = context;
  const decoded = decodeFeed(fetched.body, fetched.contentType);
  const parsed = await parseFeed(decoded.text, fetched.finalUrl);
  if (parsed.repaired) log().debug('feed XML was ill-formed and read after repair');
  const strategy = chooseStrategy(parsed.items, state.strategy);
  const identified = identify(parsed.items, strategy);
  const seen = await deps.seen.seenAmong(feed.id, identified.flatMap((entry) => [entry.id, entry.fingerprint]));
  const maxAge = deps.settings.items.maxAge;
  const selection = selectNew(identified, (hash) => seen.has(hash), {
    firstRead: !state.firstReadAt,
    announceOnFirstPoll: deps.settings.items.announceOnFirstPoll,
    notBefore: maxAge === 'off' ? undefined : startedAt - maxAge,
    maxPerPoll: deps.settings.items.maxPerPoll,
  });

  // Every new item is analyzed once: all feed the calendar, the selected ones are announced.
  const analyze = selection.unseen.length ? await deps.analyzer() : undefined;
  const analyzed = new Map<string, AnalyzedItem>();
  for (const entry of selection.unseen) {
    try {
      analyzed.set(entry.id, { ...entry.item, ...(analyze as Analyzer)(entry.item), feedId: feed.id, id: entry.id });
    } catch (error) {
      // One item that breaks analysis must not hold back the rest of the feed.
      log().error('analysis failed for an item; it is recorded but not announced', { item: entry.id, error: describeError(error) });
    }
  }
  if (deps.recordEvents) await deps.recordEvents(feed.id, [...analyzed.values()]);
  const batch: HandOffEntry[] = [];
  for (const entry of selection.announce) {
    const item = analyzed.get(entry.id);
    if (item) batch.push({ alert: { feed: { id: feed.id, name: feed.name }, item }, seenHashes: [entry.id, entry.fingerprint] });
  }
  await deps.handOff(batch);
  await deps.seen.mark(feed.id, selection.unseen.flatMap((entry) => [entry.id, entry.fingerprint]), deps.now());
  await save(
    succeeded(state, startedAt, nextPollAt, {
      movedTo,
      lastStatus: fetched.status,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      strategy,
      firstReadAt: state.firstReadAt ?? new Date(startedAt).toISOString(),
      lastNewItems: batch.length,
      itemsAnnounced: state.itemsAnnounced + batch.length,
    }),
  );
  return { feedId: feed.id, status: batch.length ? 'new-items' : 'no-new-items', announced: batch.length, unseen: selection.unseen.length, nextPollAt: iso(nextPollAt) };
}

function succeeded(state: FeedState, startedAt: number, nextPollAt: number, changes: Partial<FeedState>): FeedState {
  return {
    ...state,
    ...changes,
    lastPollAt: iso(startedAt),
    lastSuccessAt: iso(startedAt),
    consecutiveFailures: 0,
    nextPollAt: iso(nextPollAt),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
