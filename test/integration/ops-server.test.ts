import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DeliveryError, type AlertChannel } from '../../src/delivery/alert-channel.js';
import type { Alert } from '../../src/model/alert.js';
import { classifyFailure } from '../../src/ops/failure-reason.js';
import { Metrics } from '../../src/ops/metrics.js';
import { startOpsServer } from '../../src/ops/ops-server.js';
import { backlogOf, type Ops, startOps } from '../../src/ops/start-ops.js';
import type { OutboxEntry } from '../../src/store/outbox-repository.js';
import { silentLogger } from '../../src/util/logger.js';
import { Worker } from '../../src/worker/worker.js';
import { rss } from '../helpers/fake-source.js';
import { errorRoute, feedRoute, type FeedServer, startFeedServer } from '../helpers/feed-server.js';
import { TestClock } from '../helpers/pipeline.js';

const TICK_MS = 30_000;

/** A platform that can be switched off (its messages then wait) or made to fail once. */
class SwitchableChannel implements AlertChannel {
  readonly name = 'switchable';
  serving = false;
  failNext = 0;
  readonly received: Alert[] = [];
  serves(target: string): boolean {
    return this.serving && target === 'console';
  }
  async send(_target: string, alert: Alert): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new DeliveryError('platform unavailable', false, 5_000);
    }
    this.received.push(alert);
  }
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A small parser of the Prometheus text format (0.0.4) that fails on any line it cannot read. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const helped = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(meta[3]).toMatch(/^(counter|gauge|histogram|summary|untyped)$/);
        types.set(meta[2]!, meta[3]!);
      } else helped.add(meta[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[key!] = value!;
    const value = /^nan$/i.test(sample[3]!) ? Number.NaN : sample[3] === '+Inf' ? Infinity : sample[3] === '-Inf' ? -Infinity : Number(sample[3]);
    if (Number.isNaN(value) && !/^nan$/i.test(sample[3]!)) throw new Error(`not a number: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  // Every sample belongs to a metric declared with HELP and TYPE (histograms add suffixes).
  for (const { name } of samples) {
    const base = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(base), `TYPE for ${name}`).toBe(true);
    expect(helped.has(base), `HELP for ${name}`).toBe(true);
  }
  return { types, samples };
}

describe('the ops server: /metrics and /healthz', () => {
  let feeds: FeedServer;
  let dir: string;
  let app: App;
  let worker: Worker;
  let ops: Ops;
  const channel = new SwitchableChannel();
  const clock = new TestClock(Date.parse('2026-06-01T08:00:00Z'));

  const get = (p: string, init?: RequestInit) => fetch(`http://127.0.0.1:${ops.port}${p}`, init);
  const scrape = async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).not.toContain(feeds.origin);
    const parsed = parseExposition(text);
    const value = (name: string, labels: Record<string, string> = {}) =>
      parsed.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    return { ...parsed, value };
  };
  const health = async () => {
    const res = await get('/healthz');
    const text = await res.text();
    expect(text).not.toContain(feeds.origin);
    expect(text).not.toContain(dir);
    return { status: res.status, body: JSON.parse(text) as { status: string; failing?: string[]; checks: Record<string, { status: string; detail?: string }> } };
  };

  beforeAll(async () => {
    feeds = await startFeedServer();
    const items = [1, 2, 3].map((n) => ({ guid: `ops-${n}`, title: `Fibre roll-out report ${n}`, link: `https://wire.example/ops/${n}` }));
    feeds.route('/good', feedRoute(rss(items), { etag: '"v1"' }));
    feeds.route('/missing', errorRoute(404));
    feeds.route('/broken', errorRoute(503));
    feeds.route('/html', { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>no feed here</body></html>' });
    // A port with nothing listening: the connection is refused.
    const closed = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const refusedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-ops-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\npoll:\n  tick: 30s\n  timeout: 5s\nitems:\n  announceOnFirstPoll: all\n  maxAge: 'off'\n`);
    const feed = (id: string, url: string) => `  - id: ${id}\n    name: ${id}\n    url: ${url}\n    enabled: true\n`;
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n${feed('good', feeds.url('/good'))}${feed('missing', feeds.url('/missing'))}${feed('broken', feeds.url('/broken'))}${feed('html', feeds.url('/html'))}${feed('refused', `http://127.0.0.1:${refusedPort}/feed`)}`);
    app = await createApp(loadConfig(dir), silentLogger, clock.now);
    // Not started: the test fires ticks itself (node-cron would, every tickMs).
    worker = new Worker({ feeds: () => app.feeds.all(), cycle: app.cycle, outbox: app.outbox, channels: [channel], tickMs: TICK_MS, logger: silentLogger, now: clock.now });
    const started = await startOps(app, worker, { OPS_PORT: 0, OPS_HOST: '127.0.0.1' }, silentLogger, { now: clock.now });
    if (!started) throw new Error('the ops server did not start');
    ops = started;
  });

  afterAll(async () => {
    await ops?.close();
    await app?.close();
    await feeds?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves valid exposition before any round: every feed due, counters at zero, process metrics', async () => {
    const m = await scrape();
    expect(m.types.get('ict_radar_feeds_polled_total')).toBe('counter');
    expect(m.types.get('ict_radar_outbox_lag_seconds')).toBe('gauge');
    expect(m.types.has('process_cpu_user_seconds_total')).toBe(true);
    expect(m.types.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(m.value('ict_radar_feeds_due')).toBe(5);
    expect(m.value('ict_radar_feeds_polled_total')).toBe(0);
    expect(m.value('ict_radar_feed_failures_total', { reason: 'http_5xx' })).toBe(0);
    expect(m.value('ict_radar_outbox_depth')).toBe(0);
    expect(m.value('ict_radar_outbox_lag_seconds')).toBe(0);
  });

  it('says the worker has not ticked yet before its first tick', async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'fail', failing: ['worker'], checks: { store: { status: 'ok' }, worker: { status: 'fail' } } });
  });

  it('counts a real poll round of loopback feeds, by failure reason; alerts wait while no platform serves them', async () => {
    await worker.tick();
    const m = await scrape();
    expect(m.value('ict_radar_feeds_polled_total')).toBe(5);
    expect(m.value('ict_radar_feed_failures_total', { reason: 'http_4xx' })).toBe(1);
    expect(m.value('ict_radar_feed_failures_total', { reason: 'http_5xx' })).toBe(1);
    expect(m.value('ict_radar_feed_failures_total', { reason: 'parse' })).toBe(1);
    expect(m.value('ict_radar_feed_failures_total', { reason: 'network' })).toBe(1);
    expect(m.value('ict_radar_feed_failures_total', { reason: 'other' })).toBe(0);
    expect(m.value('ict_radar_items_new_total')).toBe(3);
    expect(m.value('ict_radar_items_announced_total')).toBe(3);
    // Every feed now has its next poll (success or backoff) in the future.
    expect(m.value('ict_radar_feeds_due')).toBe(0);
    expect(m.value('ict_radar_outbox_depth')).toBe(3);
    expect(m.value('ict_radar_outbox_lag_seconds')).toBe(0);
    expect(m.value('ict_radar_alerts_sent_total', { platform: 'console' })).toBeUndefined();
    expect(m.value('ict_radar_delivery_failures_total')).toBe(0);

    clock.advance(90_000);
    const later = await scrape();
    expect(later.value('ict_radar_outbox_depth')).toBe(3);
    expect(later.value('ict_radar_outbox_lag_seconds')).toBe(90);
  });

  it('counts deliveries by platform and failed attempts, and the outbox empties', async () => {
    channel.serving = true;
    channel.failNext = 1;
    await worker.tick();
    const failed = await scrape();
    expect(failed.value('ict_radar_delivery_failures_total')).toBe(1);
    // The failed entry waits to retry; its lag still counts from its hand-off.
    expect(failed.value('ict_radar_outbox_depth')).toBe(3);
    expect(failed.value('ict_radar_outbox_lag_seconds')).toBe(90);

    clock.advance(10_000);
    await worker.tick();
    const sent = await scrape();
    expect(channel.received).toHaveLength(3);
    expect(sent.value('ict_radar_alerts_sent_total', { platform: 'console', kind: 'alert' })).toBe(3);
    expect(sent.value('ict_radar_delivery_failures_total')).toBe(1);
    expect(sent.value('ict_radar_outbox_depth')).toBe(0);
    expect(sent.value('ict_radar_outbox_lag_seconds')).toBe(0);
    // Nothing was due in these rounds: the poll count has not moved.
    expect(sent.value('ict_radar_feeds_polled_total')).toBe(5);
  });

  it('is healthy while the worker ticks, and names the worker once three ticks are missed', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', checks: { store: { status: 'ok' }, worker: { status: 'ok' } } } });
    clock.advance(3 * TICK_MS);
    expect((await health()).status).toBe(200);
    clock.advance(1);
    expect(await health()).toMatchObject({ status: 503, body: { status: 'fail', failing: ['worker'], checks: { store: { status: 'ok' } } } });
    await worker.tick();
    expect((await health()).status).toBe(200);
  });

  it('answers 404 to other paths and 405 to other methods', async () => {
    for (const p of ['/', '/metricsx', '/healthz/extra', '/favicon.ico']) expect((await get(p)).status).toBe(404);
    expect((await get('/healthz?verbose=1')).status).toBe(200);
    const post = await get('/metrics', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('names the store when it is closed, and /metrics still answers with the gauges unknown', async () => {
    await app.store.close();
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.failing).toEqual(['store']);
    expect(body.checks.store?.detail).toBe('the store did not answer a read');
    const m = await scrape();
    expect(m.value('ict_radar_outbox_depth')).toBeNaN();
    expect(m.value('ict_radar_feeds_due')).toBeNaN();
    expect(m.value('ict_radar_alerts_sent_total', { platform: 'console', kind: 'alert' })).toBe(3);
  });

  it('closes when the worker stops', async () => {
    await worker.stop();
    await expect(get('/healthz')).rejects.toThrow();
  });
});

describe('metrics pieces', () => {
  it('keeps each instance on its own registry', async () => {
    const sources = { feedsDue: async () => 1, outbox: async () => ({ depth: 0, lagSeconds: 0 }) };
    const a = new Metrics(sources);
    const b = new Metrics(sources);
    a.observeDrain({ delivered: 0, failed: 2, waiting: 0 });
    expect(await a.exposition()).toMatch(/^ict_radar_delivery_failures_total 2$/m);
    expect(await b.exposition()).toMatch(/^ict_radar_delivery_failures_total 0$/m);
  });

  it('sorts the reasons polls record into a few classes', () => {
    expect(classifyFailure('HTTP 404 Not Found: check the feed URL')).toBe('http_4xx');
    expect(classifyFailure('HTTP 429 Too Many Requests: backing off')).toBe('http_4xx');
    expect(classifyFailure("HTTP 502 (the publisher's server failed)")).toBe('http_5xx');
    expect(classifyFailure('more than 5 redirects (last to https://x.example/a)')).toBe('http_other');
    expect(classifyFailure('no complete answer within 30s: Headers Timeout Error')).toBe('timeout');
    expect(classifyFailure('the connection timed out')).toBe('timeout');
    expect(classifyFailure('network error: ECONNRESET socket hang up')).toBe('network');
    expect(classifyFailure('the feed is 9000000 bytes, over the 5000000-byte limit (raise poll.maxBodySize if it is genuine)')).toBe('too_large');
    expect(classifyFailure('refusing: 10.0.0.1 is a private address')).toBe('bad_url');
    expect(classifyFailure('unparseable feed: unclosed tag')).toBe('parse');
    expect(classifyFailure('the store is full: free disk space for x.sqlite (SQLITE_FULL), then start ict-radar again')).toBe('store');
    expect(classifyFailure('something else entirely')).toBe('other');
    expect(classifyFailure(undefined)).toBe('other');
  });

  it('measures outbox lag from when an entry could first be sent', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const entry = (key: string, enqueuedAgoS: number, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
      key,
      target: 'console',
      seq: 0,
      message: { kind: 'notice', text: key },
      ack: { kind: 'none' },
      enqueuedAt: new Date(now - enqueuedAgoS * 1000).toISOString(),
      attempts: 0,
      ...extra,
    });
    expect(backlogOf([], now)).toEqual({ depth: 0, lagSeconds: 0 });
    // Held for quiet hours until later: waiting, but not late.
    expect(backlogOf([entry('quiet', 3600, { notBefore: now + 60_000 })], now)).toEqual({ depth: 1, lagSeconds: 0 });
    // Quiet hours ended 2 minutes ago: late by 2 minutes, not by its 8 hours in the outbox.
    expect(backlogOf([entry('morning', 8 * 3600, { notBefore: now - 120_000 })], now)).toEqual({ depth: 1, lagSeconds: 120 });
    // A retry after a failed send is late from its hand-off.
    expect(backlogOf([entry('retry', 600, { attempts: 2, notBefore: now + 60_000 }), entry('fresh', 5)], now)).toEqual({ depth: 2, lagSeconds: 600 });
  });

  it('binds where asked and closes idempotently', async () => {
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics: new Metrics({ feedsDue: async () => 0, outbox: async () => ({ depth: 0, lagSeconds: 0 }) }), health: { broken: () => Promise.reject(new Error('secret-token-123')) } });
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'fail', failing: ['broken'], checks: { broken: { status: 'fail', detail: 'the check failed' } } });
    expect(text).not.toContain('secret-token-123');
    await Promise.all([server.close(), server.close()]);
  });
});
