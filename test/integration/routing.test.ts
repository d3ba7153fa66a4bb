import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topicSchema, toTopicDefinition } from '../../src/analysis/topics/topic-model.js';
import { DeliveryError } from '../../src/delivery/alert-channel.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { Alert } from '../../src/model/alert.js';
import { ItemRepository } from '../../src/store/item-repository.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { SubscriptionRepository } from '../../src/store/subscription-repository.js';
import { SubscriptionError, Subscriptions } from '../../src/subscriptions/subscriptions.js';
import { Digests, nextDigestAfter } from '../../src/subscriptions/digests.js';
import { DigestRepository } from '../../src/store/digest-repository.js';
import { StoryRepository } from '../../src/store/story-repository.js';
import type { Digest } from '../../src/model/digest.js';
import { TopicCatalog } from '../../src/topics/topic-catalog.js';
import { silentLogger } from '../../src/util/logger.js';
import { tempSqliteUrl } from '../helpers/pipeline.js';

const topics = ['5g', 'iot', 'quantum'].map((id) => toTopicDefinition(topicSchema.parse({ id, name: id.toUpperCase(), terms: [id] })));

function alert(id: string, topicIds: string[]): Alert {
  return {
    feed: { id: 'wire', name: 'Wire' },
    item: { feedId: 'wire', id, title: `Story ${id}`, titleFromText: false, text: '', html: '', categories: [], topics: topicIds.map((t) => ({ id: t, score: 3, matched: [t] })), summary: '', events: [] },
  };
}

/** A platform that records what each target received, and can be told to fail. */
class FakePlatform {
  readonly name = 'fake';
  readonly received: Array<[string, string]> = [];
  readonly alerts: Alert[] = [];
  readonly digests: Digest[] = [];
  readonly notices: Array<[string, string]> = [];
  async sendNotice(target: string, text: string): Promise<void> {
    this.notices.push([target, text]);
  }
  async sendDigest(_target: string, digest: Digest): Promise<void> {
    this.digests.push(digest);
  }
  failures = new Map<string, DeliveryError>();
  serves(target: string): boolean {
    return target.startsWith('fake:');
  }
  async send(target: string, a: Alert): Promise<void> {
    const failure = this.failures.get(target);
    if (failure) throw failure;
    this.received.push([target, a.item.id]);
    this.alerts.push(a);
  }
}

describe('routing alerts to subscribed targets', () => {
  let file: ReturnType<typeof tempSqliteUrl>;
  let store: Store;
  let subscriptions: Subscriptions;
  let outbox: Outbox;
  let digests: Digests;
  let clock: number;
  const platform = new FakePlatform();

  beforeEach(async () => {
    file = tempSqliteUrl();
    store = await openStore(file.url);
    clock = Date.parse('2026-01-01T00:00:00Z');
    platform.received.length = 0;
    platform.alerts.length = 0;
    platform.digests.length = 0;
    platform.notices.length = 0;
    platform.failures.clear();
    const digestRepository = new DigestRepository(store);
    subscriptions = new Subscriptions(new SubscriptionRepository(store), new TopicCatalog(topics), () => new Date(clock));
    outbox = new Outbox(
      new OutboxRepository(store),
      new SeenRepository(store, 86_400_000),
      new ItemRepository(store),
      () => clock,
      silentLogger,
      undefined,
      (alerts) => subscriptions.routeMany(alerts.map((a) => a.item.topics.map((t) => t.id)), clock, 'UTC'),
      async (target, reason) => {
        const tell = await subscriptions.pause(target, reason);
        if (tell) await outbox.handOffNotice(`paused:${target}`, tell, `alerts to ${target} are paused: ${reason}`);
      },
      digestRepository,
      new StoryRepository(store),
    );
    digests = new Digests(digestRepository, subscriptions, outbox, 'UTC');
  });
  afterEach(async () => {
    await store.close();
    file.dispose();
  });

  it('sends each alert once to each target subscribed to one of its topics', async () => {
    expect(await subscriptions.subscribe('fake:a', '5g')).toBe('subscribed');
    expect(await subscriptions.subscribe('fake:a', 'iot')).toBe('subscribed');
    expect(await subscriptions.subscribe('fake:b', 'quantum')).toBe('subscribed');
    expect(await subscriptions.subscribe('fake:a', '5g')).toBe('already');
    await outbox.handOff([{ alert: alert('x', ['5g', 'iot']), seenHashes: ['h1'] }, { alert: alert('y', ['quantum']), seenHashes: ['h2'] }, { alert: alert('z', ['ai']), seenHashes: ['h3'] }]);
    await outbox.drain([platform]);
    await outbox.drain([platform]);
    // Targets are served side by side, so only each target's own order is fixed.
    expect([...platform.received].sort()).toEqual([['fake:a', 'x'], ['fake:b', 'y']]);
  });

  it('refuses an unknown topic with the closest ids, and unsubscribes', async () => {
    await expect(subscriptions.subscribe('fake:a', '5h')).rejects.toThrow(SubscriptionError);
    await expect(subscriptions.subscribe('fake:a', 'iott')).rejects.toThrow('unknown topic "iott": did you mean "iot"?');
    await subscriptions.subscribe('fake:a', 'iot');
    expect(await subscriptions.unsubscribe('fake:a', 'iot')).toBe(true);
    expect(await subscriptions.unsubscribe('fake:a', 'iot')).toBe(false);
    expect(await subscriptions.instantTargets(['iot'])).toEqual([]);
  });

  it('waits out a rate limit, keeps each target\'s order, and lets other targets go on', async () => {
    await subscriptions.subscribe('fake:a', '5g');
    await subscriptions.subscribe('fake:b', '5g');
    platform.failures.set('fake:a', new DeliveryError('HTTP 429', false, 2_000));
    await outbox.handOff([{ alert: alert('1', ['5g']), seenHashes: ['1'] }, { alert: alert('2', ['5g']), seenHashes: ['2'] }]);
    const first = await outbox.drain([platform]);
    expect(first).toMatchObject({ delivered: 2, failed: 1 });
    expect(platform.received).toEqual([['fake:b', '1'], ['fake:b', '2']]);
    platform.failures.clear();
    clock += 1_000;
    await outbox.drain([platform]);
    expect(platform.received).toHaveLength(2);
    clock += 1_000;
    await outbox.drain([platform]);
    expect(platform.received.slice(2)).toEqual([['fake:a', '1'], ['fake:a', '2']]);
  });

  it('pauses a target that refuses for good, and sends it nothing more until resumed', async () => {
    await subscriptions.subscribe('fake:gone', '5g', 'instant', 'fake:dm:setter');
    platform.failures.set('fake:gone', new DeliveryError('Unknown Channel', true));
    await outbox.handOff([{ alert: alert('1', ['5g']), seenHashes: ['1'] }, { alert: alert('1b', ['5g']), seenHashes: ['1b'] }]);
    await outbox.drain([platform]);
    await outbox.drain([platform]);
    expect((await subscriptions.of('fake:gone'))?.paused?.reason).toBe('Unknown Channel');
    // The person who set the channel up hears about it once.
    expect(platform.notices).toEqual([['fake:dm:setter', 'alerts to fake:gone are paused: Unknown Channel']]);
    await outbox.handOff([{ alert: alert('2', ['5g']), seenHashes: ['2'] }]);
    expect((await outbox.drain([platform])).delivered + (await outbox.drain([platform])).waiting).toBe(0);
    expect(await subscriptions.resume('fake:gone')).toBe(true);
    expect(await subscriptions.instantTargets(['5g'])).toEqual(['fake:gone']);
  });

  it('keeps messages for a platform that is not running', async () => {
    await subscriptions.subscribe('slack:T1:C1', '5g');
    await outbox.handOff([{ alert: alert('1', ['5g']), seenHashes: ['1'] }]);
    expect(await outbox.drain([platform])).toMatchObject({ delivered: 0, waiting: 1 });
  });

  it('holds instant alerts during quiet hours in the target\'s time zone, then sends them', async () => {
    await subscriptions.subscribe('fake:q', '5g');
    await subscriptions.configure('fake:q', { quietHours: { start: '22:00', end: '07:00' }, timezone: 'Asia/Shanghai' });
    clock = Date.parse('2026-01-01T15:30:00Z'); // 23:30 in Shanghai
    await outbox.handOff([{ alert: alert('night', ['5g']), seenHashes: ['n'] }]);
    expect((await outbox.drain([platform])).waiting).toBe(1);
    clock = Date.parse('2026-01-01T22:59:00Z'); // 06:59
    await outbox.drain([platform]);
    expect(platform.received).toEqual([]);
    clock = Date.parse('2026-01-01T23:00:00Z'); // 07:00
    await outbox.drain([platform]);
    expect(platform.received).toEqual([['fake:q', 'night']]);
  });

  it('puts what passes the hourly maximum into the next digest rather than flooding', async () => {
    await subscriptions.subscribe('fake:busy', '5g');
    await subscriptions.configure('fake:busy', { maxPerHour: 2 });
    await outbox.handOff(['a', 'b', 'c', 'd'].map((id) => ({ alert: alert(id, ['5g']), seenHashes: [id] })));
    await outbox.drain([platform]);
    expect(platform.received).toEqual([['fake:busy', 'a'], ['fake:busy', 'b']]);
    clock = nextDigestAfter(clock, '09:00', 'UTC', 'daily');
    await digests.handOffDue(clock);
    await outbox.drain([platform]);
    expect(platform.digests.map((d) => d.entries.map((e) => e.title))).toEqual([['Story c', 'Story d']]);
    // The next hour starts afresh.
    clock += 3_600_000;
    await outbox.handOff([{ alert: alert('e', ['5g']), seenHashes: ['e'] }]);
    await outbox.drain([platform]);
    expect(platform.received.at(-1)).toEqual(['fake:busy', 'e']);
  });

  it('sends daily and weekly digests at the digest time, grouped and once', async () => {
    await subscriptions.subscribe('fake:daily', 'iot', 'daily');
    await subscriptions.subscribe('fake:weekly', 'quantum', 'weekly');
    await subscriptions.configure('fake:daily', { digestTime: '08:30' });
    clock = Date.parse('2026-01-01T10:00:00Z'); // a Thursday
    await outbox.handOff([{ alert: alert('i1', ['iot']), seenHashes: ['i1'] }, { alert: alert('q1', ['quantum']), seenHashes: ['q1'] }]);
    await outbox.drain([platform]);
    expect(platform.received).toEqual([]);
    clock = Date.parse('2026-01-02T08:29:00Z');
    await digests.handOffDue(clock);
    await outbox.drain([platform]);
    expect(platform.digests).toEqual([]);
    clock = Date.parse('2026-01-02T08:30:00Z');
    await digests.handOffDue(clock);
    await outbox.drain([platform]);
    await digests.handOffDue(clock);
    await outbox.drain([platform]);
    expect(platform.digests.map((d) => [d.target, d.period, d.entries.length])).toEqual([['fake:daily', 'daily', 1]]);
    clock = Date.parse('2026-01-05T09:00:00Z'); // Monday 09:00
    await digests.handOffDue(clock);
    await outbox.drain([platform]);
    expect(platform.digests.map((d) => [d.target, d.period])).toEqual([['fake:daily', 'daily'], ['fake:weekly', 'weekly']]);
  });

  it('refuses bad settings with what to write instead', async () => {
    await expect(subscriptions.configure('fake:x', { quietHours: { start: '25:00', end: '07:00' } })).rejects.toThrow('quiet hours are two times like 22:00-07:00');
    await expect(subscriptions.configure('fake:x', { timezone: 'Mars/Base' })).rejects.toThrow('"Mars/Base" is not a time zone');
    await expect(subscriptions.configure('fake:x', { maxPerHour: 0 })).rejects.toThrow('from 1 to 1000');
  });

  it('sends the same story from several feeds once, naming the other sources', async () => {
    await subscriptions.subscribe('fake:a', '5g');
    const story = (feed: string, id: string, title: string): Alert => ({ ...alert(id, ['5g']), feed: { id: feed, name: `Feed ${feed}` }, item: { ...alert(id, ['5g']).item, feedId: feed, title, link: `https://${feed}.example/${id}` } });
    await outbox.handOff([{ alert: story('one', '1', 'China Mobile switches on 5G-Advanced network in Wuhan'), seenHashes: ['1'] }]);
    await outbox.handOff([{ alert: story('two', '2', 'China Mobile switches on 5G Advanced network in Wuhan city'), seenHashes: ['2'] }]);
    await outbox.handOff([{ alert: story('three', '3', 'Huawei unveils new optical module for data centres'), seenHashes: ['3'] }]);
    await outbox.drain([platform]);
    expect(platform.received).toEqual([['fake:a', '1'], ['fake:a', '3']]);
    expect(platform.alerts[0]?.alsoFrom).toEqual([{ feed: 'Feed two', link: 'https://two.example/2' }]);
    // After the first went out, a later report is not sent again either.
    await outbox.handOff([{ alert: story('four', '4', 'China Mobile switches on 5G-Advanced network in Wuhan'), seenHashes: ['4'] }]);
    await outbox.drain([platform]);
    expect(platform.received).toHaveLength(2);
  });
});

