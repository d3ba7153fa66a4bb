import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import type { CommandContext } from '../../src/chat/command.js';
import { createRegistry } from '../../src/chat/commands/all.js';
import { dispatchWords } from '../../src/chat/dispatch.js';
import { splitArgs } from '../../src/chat/text-args.js';
import { loadConfig } from '../../src/config/load-config.js';
import { isPrivateAddress } from '../../src/feeds/fetch/address-guard.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../helpers/cli.js';
import { feedRoute, type FeedServer, startFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/fake-source.js';

describe('feeds added from chat', () => {
  let dir: string;
  let app: App;
  let allowed: App;
  let server: FeedServer;
  const registry = createRegistry('/radar');
  const ctx = (services: App['chat']): CommandContext => ({ platform: 'test', target: 'test:c1', personalTarget: 'test:dm:a', isDirect: false, caller: { id: 'admin', isAdmin: true }, services });
  const run = (text: string, on = app) => dispatchWords(registry, splitArgs(text), ctx(on.chat), '/radar');

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/feed.xml', feedRoute(rss([{ guid: 'a', title: 'Satellite internet launch' }], 'Space Wire'), { etag: '"1"' }));
    server.route('/page', { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>hello</body></html>' });
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-feedadmin-'));
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/a.sqlite\n`);
    app = await createApp(loadConfig(dir), silentLogger);
    const allowDir = mkdtempSync(path.join(tmpdir(), 'ict-radar-feedadmin-allow-'));
    writeFileSync(path.join(allowDir, 'settings.yaml'), `store:\n  url: sqlite://${allowDir}/b.sqlite\nchat:\n  allowPrivateFeeds: true\n`);
    allowed = await createApp(loadConfig(allowDir), silentLogger);
  });
  afterAll(async () => {
    await app.close();
    await allowed.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true],
    ['::1', true], ['fe80::1', true], ['fd00::1', true], ['::ffff:127.0.0.1', true], ['8.8.8.8', false], ['2606:4700::1111', false],
  ])('GIVEN %s THEN private=%s', (address, expected) => expect(isPrivateAddress(address)).toBe(expected));

  it('refuses loopback, private, metadata and non-http URLs, and stores nothing', async () => {
    expect((await run(`admin feed add ${server.url('/feed.xml')}`)).text).toContain('feeds added from chat may not point at private, loopback or link-local addresses');
    expect((await run('admin feed add http://169.254.169.254/latest/meta-data/')).text).toContain('may not point at private');
    expect((await run('admin feed add http://localhost:8080/feed')).text).toContain('may not point at private');
    expect((await run('admin feed add file:///etc/passwd')).text).toContain('must start with http:// or https://');
    expect((await run('admin feed add not-a-url')).text).toContain('is not a URL');
    expect((await app.feeds.all()).length).toBe(0);
  });

  it('with private feeds allowed (a test setting), adds a URL that answers with a feed, and refuses one that does not', async () => {
    expect((await run(`admin feed add ${server.url('/page')}`, allowed)).text).toContain('not added: the URL returned an HTML page, not a feed');
    const added = await run(`admin feed add ${server.url('/feed.xml')} Space news`, allowed);
    expect(added.text).toBe('Added feed `space-news` (Space news, 1 items now). Its first read records what is there; new items are announced from then on.');
    expect((await allowed.feeds.all()).map((f) => [f.id, f.origin])).toEqual([['space-news', 'admin']]);
    expect((await run(`admin feed add ${server.url('/feed.xml')}`, allowed)).text).toContain('already polled as `space-news`');
    const report = await allowed.cycle.run(await allowed.feeds.all(), { select: 'all' });
    expect(report.polled[0]).toMatchObject({ feedId: 'space-news', status: 'no-new-items' });
    expect((await run('admin feed status', allowed)).text).toMatch(/`space-news` ok, last read/);
    expect((await run('admin feed remove space-news', allowed)).text).toBe('Removed feed `space-news` (Space news).');
    expect(await allowed.feeds.all()).toEqual([]);
  });
});
