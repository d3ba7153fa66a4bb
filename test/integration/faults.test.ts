import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { FeedDefinition } from '../../src/model/feed.js';
import { silentLogger } from '../../src/util/logger.js';
import { bombRoute, compressionBomb, errorRoute, feedRoute, type FeedServer, hangRoute, redirectRoute, resetRoute, startFeedServer, streamRoute } from '../helpers/feed-server.js';
import { rss } from '../helpers/fake-source.js';
import { spawnCli } from '../helpers/cli.js';

/**
 * Feeds that fail in every way a server can, polled in one cycle with good ones: every
 * failure is recorded with its reason, the good feeds deliver, and the cycle ends in bounded
 * time and memory.
 */
describe('the worker under feed faults', () => {
  let server: FeedServer;
  let dir: string;
  let app: App;
  const faults: Record<string, (s: FeedServer) => void> = {
    reset: (s) => s.route('/reset', resetRoute()),
    hang: (s) => s.route('/hang', hangRoute()),
    trickle: (s) => s.route('/trickle', { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: rss([{ guid: 't', title: 'slow' }]), trickle: { bytes: 5, intervalMs: 200 } }),
    unavailable: (s) => s.route('/503', errorRoute(503, 120)),
    missing: (s) => s.route('/404', errorRoute(404)),
    gone: (s) => s.route('/410', errorRoute(410)),
    loop: (s) => {
      s.route('/loop-a', redirectRoute('/loop-b'));
      s.route('/loop-b', redirectRoute('/loop-a'));
    },
    huge: (s) => s.route('/huge', streamRoute({ totalBytes: 50_000_000, contentLength: true })),
    endless: (s) => s.route('/endless', streamRoute({ totalBytes: Number.POSITIVE_INFINITY })),
    html: (s) => s.route('/html', { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>Not a feed</body></html>' }),
    invalid: (s) => s.route('/invalid', { status: 200, headers: { 'content-type': 'application/rss+xml' }, body: '<rss><channel><item><title>a</ti' + '\u0000'.repeat(3) + '<<<>>>' }),
    charset: (s) => s.route('/charset', { status: 200, headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: Buffer.from(rss([{ guid: 'c', title: 'Zürich café 5G trial' }]).replace('UTF-8', 'ISO-8859-1'), 'latin1') }),
  };

  beforeAll(async () => {
    server = await startFeedServer();
    for (const add of Object.values(faults)) add(server);
    server.route('/bomb', bombRoute(await compressionBomb(50_000_000)));
    server.route('/good', feedRoute(rss([{ guid: 'g1', title: 'Operators light up 5G-Advanced in three provinces', pubDate: new Date().toUTCString() }]), { etag: '"g"' }));
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-faults-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\npoll:\n  timeout: 2s\n  maxBodySize: 1MB\nitems:\n  announceOnFirstPoll: all\n`);
    app = await createApp(loadConfig(dir), silentLogger);
  });
  afterAll(async () => {
    await app.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records every failure with its reason, delivers the good feeds, and stays bounded', async () => {
    const paths = ['/reset', '/hang', '/trickle', '/503', '/404', '/410', '/loop-a', '/huge', '/endless', '/html', '/invalid', '/bomb', '/charset', '/good'];
    const feeds: FeedDefinition[] = paths.map((p, i) => ({ id: `f${i}-${p.slice(1)}`, name: p, url: server.url(p), intervalMs: 30 * 60_000, enabled: true }));
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const report = await app.cycle.run(feeds, { select: 'all' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1_048_576);
    const by = Object.fromEntries(report.polled.map((o) => [o.feedId.replace(/^f\d+-/, ''), o]));
    expect(by.good).toMatchObject({ status: 'new-items', announced: 1 });
    expect(by.charset).toMatchObject({ status: 'new-items' });
    expect(by.reset?.error).toMatch(/network error/);
    expect(by.hang?.error).toMatch(/no complete answer within 2s/);
    expect(by.trickle?.error).toMatch(/no complete answer within 2s/);
    expect(by['503']).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 503') });
    expect(by['404']?.error).toContain('HTTP 404 Not Found');
    expect(by['410']).toMatchObject({ status: 'disabled', error: expect.stringContaining('410 Gone') });
    expect(by['loop-a']?.error).toContain('more than 5 redirects');
    expect(by.huge?.error).toContain('over the 1000000-byte limit');
    expect(by.endless?.error).toMatch(/limit|no complete answer/);
    expect(by.bomb?.error).toContain('decompresses past the 1000000-byte limit');
    expect(by.html?.error).toContain('HTML page, not a feed');
    expect(by.invalid).toMatchObject({ status: 'failed', error: expect.stringContaining('unparseable feed') });
    // Every failure is on record for `feeds status`.
    const states = await app.states.getMany(feeds.map((f) => f.id));
    for (const outcome of report.polled.filter((o) => o.status === 'failed' || o.status === 'disabled')) {
      expect(states.get(outcome.feedId)?.lastError).toBe(outcome.error);
    }
    // The 503 waits for its Retry-After (120 s) or the backoff, whichever is longer.
    expect(Date.parse(states.get(feeds[3]!.id)?.nextPollAt ?? '') - Date.now()).toBeGreaterThan(4 * 60_000);
  });
});

describe('secrets stay out of logs', () => {
  it('never prints the chat tokens, even in start-up errors, and keeps running without the platforms', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-secrets-'));
    writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds: []\n');
    writeFileSync(path.join(dir, 'settings.yaml'), 'poll:\n  tick: 1s\nlog:\n  level: debug\n');
    const secrets = { SLACK_BOT_TOKEN: 'xoxb-SECRET-slack-token-1234567890', SLACK_SIGNING_SECRET: 'signing-SECRET-0987654321', SLACK_API_URL: 'http://127.0.0.1:9/api/', PORT: '0', DISCORD_TOKEN: 'discord.SECRET.token-abcdefghijklmnop', DISCORD_API_URL: 'http://127.0.0.1:9/api' };
    const worker = spawnCli(['--config', dir, 'start'], { ...secrets, STORE_URL: `sqlite://${dir}/s.sqlite` });
    // Both platforms are unreachable: each is reported and left out, and the worker goes on.
    await worker.waitFor(/worker started/, 'stderr');
    worker.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
    const output = worker.stdout() + worker.stderr();
    rmSync(dir, { recursive: true, force: true });
    expect(output).toContain('slack could not start; running without it');
    expect(output).toContain('discord could not start; running without it');
    for (const secret of Object.values(secrets).filter((v) => v.includes('SECRET'))) expect(output).not.toContain(secret);
  });
});
