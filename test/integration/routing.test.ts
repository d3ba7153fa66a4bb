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
  failures = new Map<string, DeliveryError>();
  serves(target: string): boolean {
    return target.startsWith('fake:');
  }
  async send(target: string, a: Alert): Promise<void> {
    const failure = this.failures.get(target);
    if (failure) throw failure;
    this.received.push([target, a.item.id]);
  }
}

describe('routing alerts to subscribed targets', () => {
  let file: ReturnType<typeof tempSqliteUrl>;
  let store: Store;
  let subscriptions: Subscriptions;
  let outbox: Outbox;
  let clock: number;
  const platform = new FakePlatform();

  beforeEach(async () => {
    file = tempSqliteUrl();
    store = await openStore(file.url);
    clock = Date.parse('2026-01-01T00:00:00Z');
    platform.received.length = 0;
    platform.failures.clear();
    subscriptions = new Subscriptions(new SubscriptionRepository(store), new TopicCatalog(topics), () => new Date(clock));
    outbox = new Outbox(
      new OutboxRepository(store),
      new SeenRepository(store, 86_400_000),
      new ItemRepository(store),
      () => clock,
      silentLogger,
      undefined,
      (a) => subscriptions.instantTargets(a.item.topics.map((t) => t.id)),
      (target, reason) => subscriptions.pause(target, reason),
    );
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
    expect(platform.received).toEqual([['fake:a', 'x'], ['fake:b', 'y']]);
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
    await subscriptions.subscribe('fake:gone', '5g');
    platform.failures.set('fake:gone', new DeliveryError('Unknown Channel', true));
    await outbox.handOff([{ alert: alert('1', ['5g']), seenHashes: ['1'] }]);
    await outbox.drain([platform]);
    expect((await subscriptions.of('fake:gone'))?.paused?.reason).toBe('Unknown Channel');
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
});
