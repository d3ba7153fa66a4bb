import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/feeds/fetch/feed-source.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { FakeFeedSource, rss } from '../helpers/fake-source.js';
import { buildPipeline, feed, type Pipeline, RecordingChannel, tempSqliteUrl, TestClock, testSettings } from '../helpers/pipeline.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const MIN = 60_000;
const day = (n: number) => new Date(NOW - n * 86_400_000).toUTCString();

const items = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => {
    const k = from + n - 1 - i; // newest first
    return { guid: `id-${k}`, title: `6G trial report number ${k}`, link: `https://wire.example/news/${k}`, pubDate: new Date(NOW - (100 - k) * MIN).toUTCString(), description: `<p>Body of report ${k} about 6G.</p>` };
  });

describe('poll pipeline on a real SQLite file', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(settings = testSettings(), clock = new TestClock(NOW)) {
    const file = tempSqliteUrl();
    const source = new FakeFeedSource();
    const pipeline = await buildPipeline({ storeUrl: file.url, source, clock, settings });
    cleanups.push(file.dispose, () => pipeline.store.close());
    const channel = new RecordingChannel();
    const reopen = async (overrides: Partial<Parameters<typeof buildPipeline>[0]> = {}): Promise<Pipeline> => {
      const next = await buildPipeline({ storeUrl: file.url, source, clock, settings, ...overrides });
      cleanups.push(() => next.store.close());
      return next;
    };
    return { source, clock, channel, pipeline, reopen };
  }

  async function cycle(p: Pipeline, channel: RecordingChannel, feeds = [feed('wire')]) {
    const report = await p.cycle.run(feeds, { select: 'all' });
    await p.outbox.drain([channel]);
    return report;
  }

  it('records a new feed\'s first read without announcing, then announces only what is new', async () => {
    const { source, channel, pipeline } = await setup();
    source.set('https://feeds.example/wire.xml', rss(items(5)));
    const first = await cycle(pipeline, channel);
    expect(first.polled[0]).toMatchObject({ status: 'no-new-items', announced: 0, unseen: 5 });
    expect(channel.received).toHaveLength(0);

    source.set('https://feeds.example/wire.xml', rss(items(7)));
    await cycle(pipeline, channel);
    expect(channel.titles()).toEqual(['6G trial report number 6', '6G trial report number 7']);

    await cycle(pipeline, channel);
    expect(channel.received).toHaveLength(2);
  });

  it('announces the newest N on a first read when configured, oldest first', async () => {
    const { source, channel, pipeline } = await setup(testSettings({ items: { announceOnFirstPoll: 2 } }));
    source.set('https://feeds.example/wire.xml', rss(items(5)));
    await cycle(pipeline, channel);
    expect(channel.titles()).toEqual(['6G trial report number 4', '6G trial report number 5']);
    expect(channel.received[0]?.item).toMatchObject({ feedId: 'wire', link: 'https://wire.example/news/4', text: 'Body of report 4 about 6G.' });
  });

  it('records but never announces items older than the age limit', async () => {
    const { source, channel, pipeline } = await setup(testSettings({ items: { maxAge: '3d' } }));
    source.set('https://feeds.example/wire.xml', rss([{ guid: 'a', title: 'Seen before' }]));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss([
      { guid: 'b', title: 'Fresh news on NB-IoT', pubDate: day(1) },
      { guid: 'c', title: 'A month-old story resurfaces', pubDate: day(30) },
      { guid: 'a', title: 'Seen before' },
    ]));
    const report = await cycle(pipeline, channel);
    expect(channel.titles()).toEqual(['Fresh news on NB-IoT']);
    expect(report.polled[0]).toMatchObject({ announced: 1, unseen: 2 });
  });

  it('does not announce again when the publisher changes a date, regenerates a guid or adds tracking parameters', async () => {
    const { source, channel, pipeline } = await setup();
    const base = { guid: 'g-1', title: 'Operators switch on 5G-Advanced', link: 'https://wire.example/5ga', pubDate: day(1) };
    source.set('https://feeds.example/wire.xml', rss([{ guid: 'g-0', title: 'Older' }]));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss([base, { guid: 'g-0', title: 'Older' }]));
    await cycle(pipeline, channel);
    expect(channel.titles()).toEqual(['Operators switch on 5G-Advanced']);

    source.set('https://feeds.example/wire.xml', rss([{ ...base, pubDate: day(0) }, { guid: 'g-0', title: 'Older' }]));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss([{ ...base, guid: 'regenerated-77' }, { guid: 'g-0', title: 'Older' }]));
    await cycle(pipeline, channel);
    expect(channel.received).toHaveLength(1);
  });

  it('identifies items by link, ignoring tracking parameters, when a feed has no guids', async () => {
    const { source, channel, pipeline } = await setup();
    source.set('https://feeds.example/wire.xml', rss([{ title: 'Data center capacity doubles', link: 'https://wire.example/dc?id=9' }]));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss([
      { title: 'Data center capacity doubles (updated)', link: 'https://WIRE.example/dc?utm_source=rss&id=9#top' },
      { title: 'A genuinely new story', link: 'https://wire.example/dc?id=10' },
    ]));
    await cycle(pipeline, channel);
    expect(channel.titles()).toEqual(['A genuinely new story']);
  });

  it('announces nothing twice across a restart, and delivers what the outbox held before it', async () => {
    const { source, channel, pipeline, reopen } = await setup();
    source.set('https://feeds.example/wire.xml', rss(items(2)));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss(items(4)));
    await pipeline.cycle.run([feed('wire')], { select: 'all' }); // handed off, not yet delivered
    await pipeline.store.close();

    const restarted = await reopen();
    await restarted.outbox.drain([channel]);
    await cycle(restarted, channel);
    expect(channel.titles()).toEqual(['6G trial report number 3', '6G trial report number 4']);
  });

  it('delivers exactly once when the process dies between the hand-off and the seen mark', async () => {
    const { source, channel, pipeline, reopen } = await setup();
    source.set('https://feeds.example/wire.xml', rss(items(1)));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss(items(2)));

    // A seen store that "crashes" on its first write: the outbox entry is written, the seen mark is not.
    class CrashingSeen extends SeenRepository {
      crashed = false;
      override async mark(feedId: string, hashes: string[], at: number): Promise<void> {
        if (!this.crashed) {
          this.crashed = true;
          throw new Error('simulated crash');
        }
        return super.mark(feedId, hashes, at);
      }
    }
    await pipeline.store.close();
    const crashing = await reopen({});
    const crashingSeen = new CrashingSeen(crashing.store, 86_400_000);
    const doomed = await reopen({ seen: crashingSeen });
    await doomed.cycle.run([feed('wire')], { select: 'all' });
    expect(crashingSeen.crashed).toBe(true);
    await doomed.store.close();
    await crashing.store.close();

    // Restart: the poll runs before delivery (the worse order), then delivery.
    const restarted = await reopen();
    await cycle(restarted, channel);
    await cycle(restarted, channel);
    expect(channel.titles()).toEqual(['6G trial report number 2']);
  });

  it('keeps an alert in the outbox when the platform fails, and delivers it once later', async () => {
    const { source, clock, channel, pipeline } = await setup();
    source.set('https://feeds.example/wire.xml', rss(items(1)));
    await cycle(pipeline, channel);
    source.set('https://feeds.example/wire.xml', rss(items(2)));
    channel.failNext = 1;
    await cycle(pipeline, channel);
    expect(channel.received).toHaveLength(0);
    const pending = await pipeline.outboxEntries.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 1, lastError: 'platform unavailable', notBefore: clock.ms + 5_000 });
    // Not before its backoff has passed; then once.
    expect((await pipeline.outbox.drain([channel])).waiting).toBe(1);
    clock.advance(5_000);
    await pipeline.outbox.drain([channel]);
    await pipeline.outbox.drain([channel]);
    expect(channel.titles()).toEqual(['6G trial report number 2']);
  });

  it('backs off exponentially on failure, disables after the limit, and says why', async () => {
    const settings = testSettings({ failures: { backoffBase: '5m', backoffMax: '1h', disableAfter: 3 } });
    const { source, clock, pipeline } = await setup(settings);
    source.set('https://feeds.example/wire.xml', new FetchError('http-status', 'HTTP 503 (the publisher\'s server failed)', { status: 503 }));
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const [outcome] = (await pipeline.cycle.run([feed('wire')], { select: 'all' })).polled;
      waits.push(Date.parse(outcome?.nextPollAt ?? '') - clock.ms);
    }
    expect(waits.slice(0, 2)).toEqual([5 * MIN, 10 * MIN]);
    const state = await pipeline.states.get('wire', 'https://feeds.example/wire.xml');
    expect(state).toMatchObject({ consecutiveFailures: 3, lastError: 'HTTP 503 (the publisher\'s server failed)', lastStatus: 503 });
    expect(state.disabledReason).toBe('3 consecutive failures; last: HTTP 503 (the publisher\'s server failed)');
    const after = await pipeline.cycle.run([feed('wire')], { select: 'all' });
    expect(after.polled).toHaveLength(0);
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const { source, clock, pipeline } = await setup();
    source.set('https://feeds.example/wire.xml', new FetchError('http-status', 'HTTP 429 Too Many Requests: backing off', { status: 429, retryAfterMs: 45 * MIN }));
    const [outcome] = (await pipeline.cycle.run([feed('wire')], { select: 'all' })).polled;
    expect(Date.parse(outcome?.nextPollAt ?? '') - clock.ms).toBe(45 * MIN);
  });

  it('disables a feed at once on 410 Gone', async () => {
    const { source, pipeline } = await setup();
    source.set('https://feeds.example/wire.xml', new FetchError('gone', 'HTTP 410 Gone: the publisher removed this feed', { status: 410 }));
    const [outcome] = (await pipeline.cycle.run([feed('wire')], { select: 'all' })).polled;
    expect(outcome).toMatchObject({ status: 'disabled' });
    const state = await pipeline.states.get('wire', 'https://feeds.example/wire.xml');
    expect(state.disabledReason).toBe('HTTP 410 Gone: the publisher removed this feed');
  });

  it('lets one broken feed fail alone while the others deliver', async () => {
    const { source, channel, pipeline } = await setup(testSettings({ items: { announceOnFirstPoll: 'all' } }));
    source.set('https://feeds.example/good.xml', rss([{ guid: 'x', title: 'Quantum link spans 1,000 km' }]));
    source.set('https://feeds.example/html.xml', '<!doctype html><html><body>Not a feed</body></html>');
    source.set('https://feeds.example/broken.xml', '<rss version="2.0"><channel><item><title>Unclosed');
    source.set('https://feeds.example/down.xml', new FetchError('network', 'network error: ECONNREFUSED'));
    const report = await cycle(pipeline, channel, [feed('good'), feed('html'), feed('broken'), feed('down')]);
    const byId = Object.fromEntries(report.polled.map((o) => [o.feedId, o]));
    expect(byId.good).toMatchObject({ status: 'new-items', announced: 1 });
    expect(byId.html?.error).toContain('HTML page, not a feed');
    expect(byId.down).toMatchObject({ status: 'failed', error: 'network error: ECONNREFUSED' });
    // The truncated feed is repaired and read, so its one item is announced.
    expect(byId.broken).toMatchObject({ status: 'new-items' });
    expect(channel.titles().sort()).toEqual(['Quantum link spans 1,000 km', 'Unclosed']);
  });

  it('schedules the next poll on the feed\'s own slot and treats 304 as nothing new', async () => {
    const { source, clock, channel, pipeline } = await setup();
    source.set('https://feeds.example/wire.xml', rss(items(2)));
    await pipeline.cycle.run([feed('wire')], { select: 'due', startedAt: 0 });
    const state = await pipeline.states.get('wire', 'https://feeds.example/wire.xml');
    const next = Date.parse(state.nextPollAt ?? '');
    expect(next - clock.ms).toBeGreaterThanOrEqual(15 * MIN);
    expect(next - clock.ms).toBeLessThanOrEqual(45 * MIN);

    expect((await pipeline.cycle.run([feed('wire')], { select: 'due', startedAt: 0 })).polled).toHaveLength(0);
    clock.ms = next;
    const again = await cycle(pipeline, channel);
    expect(again.polled[0]).toMatchObject({ status: 'not-modified' });
    expect(source.requests.at(-1)?.etag).toBe(state.etag);
  });

  it('does not let a crowd of feeds on one host starve the other hosts', async () => {
    const { source, pipeline } = await setup(testSettings({ poll: { concurrency: 2, perHostConcurrency: 1 } }));
    const finished: string[] = [];
    const realFetch = source.fetch.bind(source);
    source.fetch = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished.push(new URL(request.url).host);
      return realFetch(request);
    };
    const crowd = Array.from({ length: 8 }, (_, i) => feed(`busy-${i}`, `https://busy.example/${i}.xml`));
    const lone = feed('lone', 'https://quiet.example/feed.xml');
    for (const f of [...crowd, lone]) source.set(f.url, rss([{ guid: 'x', title: 'x' }]));
    await pipeline.cycle.run([...crowd, lone], { select: 'all' });
    // The quiet host's feed finishes among the first two, not after the busy host's eight.
    expect(finished.indexOf('quiet.example')).toBeLessThan(2);
  });
});
