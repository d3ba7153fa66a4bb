import { afterEach, describe, expect, it } from 'vitest';
import { PollCycle } from '../../src/feeds/poll/poll-cycle.js';
import { initialFeedState, type FeedState } from '../../src/model/feed-state.js';
import { FeedStateRepository } from '../../src/store/feed-state-repository.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { FakeFeedSource, rss } from '../helpers/fake-source.js';
import { buildPipeline, feed, tempSqliteUrl, TestClock } from '../helpers/pipeline.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const state = (feedId: string, etag: string): FeedState => ({ ...initialFeedState(feedId, `https://feeds.example/${feedId}.xml`), etag });

/** A memory store whose feed states cannot be written in batches, as a full disk would refuse them. */
async function storeRefusingBatches(): Promise<Store> {
  const store = await openStore('memory://');
  store.collection('feed_state').setMany = async () => {
    throw new Error('the store is full');
  };
  return store;
}

describe('feed states written behind', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('shows collected states to readers at once, and has them in the store after a flush', async () => {
    const file = tempSqliteUrl();
    const store = await openStore(file.url);
    cleanups.push(file.dispose, () => store.close());
    const states = new FeedStateRepository(store);
    await states.put(state('a', '"old"'));
    const written = states.putLater(state('a', '"new"'));
    void states.putLater(state('b', '"b1"'));
    expect((await states.get('a', 'https://feeds.example/a.xml')).etag).toBe('"new"');
    expect([...(await states.getMany(['a', 'b', 'c'])).keys()].sort()).toEqual(['a', 'b']);
    await states.flush();
    await expect(written).resolves.toBeUndefined();
    // Another reader of the same file, which never saw the collected states.
    const fresh = await new FeedStateRepository(store).getMany(['a', 'b']);
    expect(fresh.get('a')?.etag).toBe('"new"');
    expect(fresh.get('b')?.etag).toBe('"b1"');
  });

  it('lets a direct write win over an older collected state of the same feed', async () => {
    const store = await openStore('memory://');
    const states = new FeedStateRepository(store);
    void states.putLater(state('a', '"collected"'));
    await states.put(state('a', '"direct"'));
    await states.flush();
    expect((await new FeedStateRepository(store).get('a', 'https://feeds.example/a.xml')).etag).toBe('"direct"');
  });

  it('drops a batch the store refuses: its writers hear why, and readers see the stored state again', async () => {
    const store = await storeRefusingBatches();
    const states = new FeedStateRepository(store);
    await states.put(state('a', '"stored"'));
    const written = states.putLater(state('a', '"lost"'));
    await states.flush();
    await expect(written).rejects.toThrow('the store is full');
    expect((await states.get('a', 'https://feeds.example/a.xml')).etag).toBe('"stored"');
  });
});

describe('a poll cycle writing states behind', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('saves a feed\'s state only after its hand-off and seen marks, and has it stored when the cycle returns', async () => {
    const file = tempSqliteUrl();
    const source = new FakeFeedSource();
    const clock = new TestClock(NOW);
    const order: string[] = [];
    class OrderedSeen extends SeenRepository {
      override async mark(feedId: string, hashes: string[], at: number): Promise<void> {
        await super.mark(feedId, hashes, at);
        order.push('seen');
      }
    }
    const pipeline = await buildPipeline({ storeUrl: file.url, source, clock });
    cleanups.push(file.dispose, () => pipeline.store.close());
    const seen = new OrderedSeen(pipeline.store, 86_400_000);
    const states = new FeedStateRepository(pipeline.store);
    const putLater = states.putLater.bind(states);
    states.putLater = (next) => {
      order.push('state');
      return putLater(next);
    };
    const cycle = new PollCycle({
      ...pipeline.deps,
      seen,
      states,
      handOff: async (batch) => {
        await pipeline.deps.handOff(batch);
        order.push('hand-off');
      },
      concurrency: 4,
    });
    const first = { guid: 'x', title: 'Satellite broadband reaches the islands', pubDate: new Date(NOW).toUTCString() };
    source.set('https://feeds.example/wire.xml', rss([first]));
    await cycle.run([feed('wire')], { select: 'all' }); // first read: recorded, not announced
    order.length = 0;
    source.set('https://feeds.example/wire.xml', rss([{ guid: 'y', title: 'A quantum link spans 1,000 km', pubDate: new Date(NOW).toUTCString() }, first]));
    const report = await cycle.run([feed('wire')], { select: 'all' });
    expect(report.polled[0]).toMatchObject({ status: 'new-items', announced: 1 });
    expect(order).toEqual(['hand-off', 'seen', 'state']);
    const stored = await new FeedStateRepository(pipeline.store).get('wire', 'https://feeds.example/wire.xml');
    expect(stored.etag).toBe('"v2"');
  });

  it('reports a feed whose state the store refused as failed, and polls it again next time', async () => {
    const store = await storeRefusingBatches();
    const source = new FakeFeedSource();
    const pipeline = await buildPipeline({ storeUrl: 'memory://', source, clock: new TestClock(NOW) });
    cleanups.push(() => pipeline.store.close());
    const cycle = new PollCycle({ ...pipeline.deps, states: new FeedStateRepository(store), concurrency: 4 });
    source.set('https://feeds.example/wire.xml', rss([{ guid: 'x', title: 'Fibre reaches every village' }]));
    const [outcome] = (await cycle.run([feed('wire')], { select: 'all' })).polled;
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('the store is full') });
    // Nothing was saved, so the next cycle reads the feed afresh (no validators sent).
    await cycle.run([feed('wire')], { select: 'all' });
    expect(source.requests.map((r) => r.etag)).toEqual([undefined, undefined]);
  });
});
