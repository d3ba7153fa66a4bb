import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createAnalyzer } from '../analysis/analyze.js';
import type { Config } from '../config/load-config.js';
import { Outbox } from '../delivery/outbox.js';
import { SchemeRouter } from '../feeds/fetch/any-source.js';
import type { FeedSource } from '../feeds/fetch/feed-source.js';
import { FileFeedSource } from '../feeds/fetch/file-source.js';
import { HttpFeedSource } from '../feeds/fetch/http-source.js';
import { PollCycle } from '../feeds/poll/poll-cycle.js';
import { FeedStateRepository } from '../store/feed-state-repository.js';
import { ItemRepository } from '../store/item-repository.js';
import { openStore, type Store } from '../store/open-store.js';
import { breakingLocalStaleLeases } from '../store/leases.js';
import { OutboxRepository } from '../store/outbox-repository.js';
import { SeenRepository } from '../store/seen-repository.js';
import { TopicRepository } from '../store/topic-repository.js';
import { TopicCatalog } from '../topics/topic-catalog.js';
import { Calendar, eventId } from '../events/calendar.js';
import { Reminders } from '../events/reminders.js';
import { EventRepository } from '../store/event-repository.js';
import { ReminderRepository } from '../store/reminder-repository.js';
import { SubscriptionRepository } from '../store/subscription-repository.js';
import { Subscriptions } from '../subscriptions/subscriptions.js';
import type { ChatServices } from '../chat/services.js';
import { AuditLog } from '../store/audit-log.js';
import { DigestRepository } from '../store/digest-repository.js';
import { StoryRepository } from '../store/story-repository.js';
import { FeedRepository } from '../store/feed-repository.js';
import { FeedCatalog } from '../feeds/feed-catalog.js';
import { FeedAdmin } from '../feeds/feed-admin.js';
import { Digests } from '../subscriptions/digests.js';
import { TopicAdmin } from '../topics/topic-admin.js';
import type { Logger } from '../util/logger.js';

/**
 * The composition root of the worker: the one place that knows every concrete piece and
 * wires them together. Chat platforms join here when they arrive.
 */
export interface App {
  config: Config;
  store: Store;
  states: FeedStateRepository;
  outbox: Outbox;
  cycle: PollCycle;
  topics: TopicCatalog;
  topicRepository: TopicRepository;
  calendar: Calendar;
  reminders: Reminders;
  subscriptions: Subscriptions;
  digests: Digests;
  feeds: FeedCatalog;
  chat: ChatServices;
  /** This process, as a lease holder. */
  holder: string;
  /**
   * Runs `work` only if no other process sharing the store is running the same `name` (a lease
   * of `ttlMs`, renewed while the work runs); resolves undefined when another is.
   */
  exclusively<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

export function createFeedSource(config: Config): FeedSource & { close(): Promise<void> } {
  const poll = config.settings.poll;
  const httpOptions = {
    userAgent: poll.userAgent,
    connectTimeoutMs: poll.connectTimeout,
    timeoutMs: poll.timeout,
    maxBodyBytes: poll.maxBodySize,
    maxRedirects: poll.maxRedirects,
    perHostConcurrency: poll.perHostConcurrency,
  };
  const http = new HttpFeedSource(httpOptions);
  const guarded = new HttpFeedSource({ ...httpOptions, guardPrivateAddresses: !config.settings.chat.allowPrivateFeeds });
  const router = new SchemeRouter({ http, https: http, file: new FileFeedSource(poll.maxBodySize) }, guarded);
  return {
    fetch: (request) => router.fetch(request),
    close: async () => {
      await http.close();
      await guarded.close();
    },
  };
}

export async function createApp(config: Config, logger: Logger, now: () => number = Date.now): Promise<App> {
  // This process, as the holder of leases on work shared with other processes on the same store.
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const store = await openStore(config.settings.store.url, { busyTimeoutMs: config.settings.store.busyTimeout });
  const leases = breakingLocalStaleLeases(store.leases, holder);
  const states = new FeedStateRepository(store);
  const seen = new SeenRepository(store, config.settings.items.seenRetention);
  const reminderRepository = new ReminderRepository(store);
  const topicRepository = new TopicRepository(store);
  const topics = new TopicCatalog(config.topics, topicRepository);
  // The console takes every alert in local runs; chat targets take the topics they subscribed to.
  const console = { target: 'console', subscriptions: [{ topic: '*', mode: 'instant' as const }], updatedAt: new Date(0).toISOString() };
  const subscriptions = new Subscriptions(new SubscriptionRepository(store), topics, () => new Date(now()), [console]);
  const items = new ItemRepository(store);
  const digestRepository = new DigestRepository(store);
  const outbox = new Outbox(
    new OutboxRepository(store),
    seen,
    items,
    now,
    logger,
    reminderRepository,
    (alerts) => subscriptions.routeMany(alerts.map((a) => a.item.topics.map((t) => t.id)), now(), config.settings.timezone),
    async (target, reason) => {
      // Paused once; the person who set the channel up hears about it once, by direct message.
      const tell = await subscriptions.pause(target, reason);
      if (tell) await outbox.handOffNotice(`paused:${target}`, tell, `ict-radar can no longer post to ${target} (${reason}), so its alerts are paused. Fix the bot's access, then run the admin resume command there.`);
    },
    digestRepository,
    new StoryRepository(store),
    { leases, holder },
  );
  const digests = new Digests(digestRepository, subscriptions, outbox, config.settings.timezone);
  const calendar = new Calendar(new EventRepository(store), () => new Date(now()));
  const reminders = new Reminders(calendar, reminderRepository, outbox, config.settings.timezone);
  // The one write while assembling: if the store refuses it, close it so the process can end.
  await syncConfigEvents(config, calendar).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const source = createFeedSource(config);
  const feedRepository = new FeedRepository(store);
  const feeds = new FeedCatalog(config.feeds, feedRepository);
  const chat: ChatServices = {
    feeds,
    feedAdmin: new FeedAdmin(feeds, feedRepository, states, source, config.settings.poll.interval, () => new Date(now())),
    feedStates: states,
    subscriptions,
    topics,
    topicAdmin: new TopicAdmin(topics, topicRepository, () => new Date(now())),
    calendar,
    reminders,
    recentItems: (limit, topic) => items.recent(limit, topic),
    audit: new AuditLog(store),
    timezone: config.settings.timezone,
    now,
  };
  const cycle = new PollCycle({
    source,
    states,
    seen,
    handOff: (batch) => outbox.handOff(batch),
    analyzer: async () => createAnalyzer(await topics.compiled(), { summaryChars: config.settings.summary.maxChars }),
    recordEvents: (feedId, items) => calendar.recordFromItems(feedId, items),
    settings: config.settings,
    now,
    logger,
    concurrency: config.settings.poll.concurrency,
  });
  return {
    config,
    store,
    states,
    outbox,
    cycle,
    topics,
    topicRepository,
    calendar,
    reminders,
    subscriptions,
    digests,
    feeds,
    chat,
    holder,
    async exclusively(name, ttlMs, work) {
      if (!(await leases.take(name, holder, ttlMs))) return undefined;
      // Renewed while the work runs, so the lease can be short: a process that dies holding it
      // blocks the work for at most ttlMs, however long the work itself may take.
      const heartbeat = setInterval(() => void leases.take(name, holder, ttlMs).catch(() => undefined), Math.max(250, ttlMs / 3));
      try {
        return await work();
      } finally {
        clearInterval(heartbeat);
        await leases.release(name, holder).catch(() => undefined);
      }
    },
    async close() {
      await source.close();
      await store.close();
    },
  };
}

/** Events in config/events.yaml enter the calendar as hand-entered ones (kept as they are written). */
async function syncConfigEvents(config: Config, calendar: Calendar): Promise<void> {
  for (const event of config.events) {
    const existing = await calendar.get(eventId(event.name, event.start));
    const wanted = { name: event.name, city: event.city ?? null, country: event.country ?? null, start: event.start, end: event.end ?? event.start };
    if (existing && existing.origin !== 'extracted' && (Object.keys(wanted) as Array<keyof typeof wanted>).every((k) => existing[k] === wanted[k])) continue;
    await calendar.addManual({ ...event, link: event.link ?? null }, 'config');
  }
}

