import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FetchError } from '../../src/feeds/fetch/feed-source.js';
import { silentLogger } from '../../src/util/logger.js';
import { Worker } from '../../src/worker/worker.js';
import { FakeFeedSource, rss } from '../helpers/fake-source.js';
import { buildPipeline, feed, type Pipeline, RecordingChannel, TestClock, testSettings } from '../helpers/pipeline.js';

const START = Date.parse('2026-06-01T00:00:00Z');
const SEC = 1_000;
const MIN = 60 * SEC;

describe('worker on node-cron, driven by fake timers', () => {
  let pipeline: Pipeline;
  let source: FakeFeedSource;
  let channel: RecordingChannel;
  const clock = new TestClock(START);

  beforeEach(async () => {
    vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    clock.now = () => Date.now();
    source = new FakeFeedSource();
    channel = new RecordingChannel();
    const settings = testSettings({ items: { announceOnFirstPoll: 'all', maxAge: 'off' }, poll: { firstPollSpread: '10s' } });
    pipeline = await buildPipeline({ storeUrl: 'memory://', source, clock, settings });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await pipeline.store.close();
  });

  const makeWorker = (feeds = [feed('a', undefined, 5 * MIN), feed('b', undefined, 5 * MIN), feed('c', undefined, 10 * MIN)]) =>
    new Worker({ feeds: () => feeds, cycle: pipeline.cycle, outbox: pipeline.outbox, channels: [channel], tickMs: 5 * SEC, logger: silentLogger, now: Date.now });

  it('polls each feed on its own interval, spreads first polls, and delivers what is new', async () => {
    for (const id of ['a', 'b', 'c']) source.set(`https://feeds.example/${id}.xml`, rss([{ guid: `${id}-1`, title: `${id} first story` }]));
    const worker = makeWorker();
    worker.start();
    await vi.advanceTimersByTimeAsync(15 * SEC);
    expect(channel.titles().sort()).toEqual(['a first story', 'b first story', 'c first story']);
    const firstPolls = source.requests.length;
    expect(firstPolls).toBe(3);

    // Over the next 30 minutes: a and b (5m) about six times each, c (10m) about three times.
    await vi.advanceTimersByTimeAsync(30 * MIN);
    const count = (id: string) => source.requests.filter((r) => r.url.endsWith(`/${id}.xml`)).length;
    expect(count('a')).toBeGreaterThanOrEqual(6);
    expect(count('a')).toBeLessThanOrEqual(7);
    expect(count('c')).toBeGreaterThanOrEqual(3);
    expect(count('c')).toBeLessThanOrEqual(4);
    // All but the first were conditional: nothing changed, so nothing more was delivered.
    expect(channel.received).toHaveLength(3);

    source.set('https://feeds.example/b.xml', rss([{ guid: 'b-2', title: 'b second story' }, { guid: 'b-1', title: 'b first story' }]));
    await vi.advanceTimersByTimeAsync(6 * MIN);
    expect(channel.titles().filter((t) => t.startsWith('b'))).toEqual(['b first story', 'b second story']);
    await worker.stop();
  });

  it('keeps its schedule while one feed fails, backing that feed off', async () => {
    source.set('https://feeds.example/a.xml', new FetchError('network', 'network error: ECONNRESET'));
    source.set('https://feeds.example/b.xml', rss([{ guid: 'b-1', title: 'b first story' }]));
    const worker = makeWorker([feed('a', undefined, 5 * MIN), feed('b', undefined, 5 * MIN)]);
    worker.start();
    await vi.advanceTimersByTimeAsync(20 * MIN);
    const count = (id: string) => source.requests.filter((r) => r.url.endsWith(`/${id}.xml`)).length;
    // b keeps its 5-minute rhythm; a is retried after 5m, then 10m (backoff), so fewer times.
    expect(count('b')).toBeGreaterThanOrEqual(4);
    expect(count('a')).toBe(3);
    const state = await pipeline.states.get('a', 'https://feeds.example/a.xml');
    expect(state).toMatchObject({ consecutiveFailures: 3, lastError: 'network error: ECONNRESET' });
    await worker.stop();
  });

  it('stops ticking after stop(), and a stop waits for the poll in flight', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const realFetch = source.fetch.bind(source);
    source.fetch = async (request) => {
      await slow;
      return realFetch(request);
    };
    source.set('https://feeds.example/a.xml', rss([{ guid: 'a-1', title: 'a first story' }]));
    const worker = makeWorker([feed('a', undefined, 5 * MIN)]);
    worker.start();
    await vi.advanceTimersByTimeAsync(15 * SEC);
    expect(source.requests).toHaveLength(0); // still waiting inside fetch
    const stopped = worker.stop();
    release();
    await vi.advanceTimersByTimeAsync(100);
    await stopped;
    const state = await pipeline.states.get('a', 'https://feeds.example/a.xml');
    expect(state.lastSuccessAt).toBeDefined();
    const after = source.requests.length;
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(source.requests.length).toBe(after);
  });

  it('abandons a poll that outlasts the grace period without recording it as a failure', async () => {
    source.fetch = (request) =>
      new Promise((_, reject) => {
        request.signal?.addEventListener('abort', () => reject(new FetchError('aborted', 'the fetch was cancelled (the worker is stopping)')));
      });
    const worker = new Worker({ feeds: () => [feed('a')], cycle: pipeline.cycle, outbox: pipeline.outbox, channels: [channel], tickMs: 5 * SEC, logger: silentLogger, now: Date.now, stopGraceMs: 2 * SEC });
    worker.start();
    await vi.advanceTimersByTimeAsync(15 * SEC);
    const stopped = worker.stop();
    await vi.advanceTimersByTimeAsync(2 * SEC);
    await stopped;
    const state = await pipeline.states.get('a', 'https://feeds.example/a.xml');
    expect(state.consecutiveFailures).toBe(0);
    expect(state.lastPollAt).toBeUndefined();
  });
});
