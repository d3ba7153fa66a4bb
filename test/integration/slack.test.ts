import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { SlackPlatform } from '../../src/platforms/slack/slack-platform.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../helpers/cli.js';
import { feedRoute, type FeedServer, startFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/fake-source.js';
import { FakeSlack, sendSlashCommand } from '../../src/tools/loopback/fake-slack.js';

const SECRET = 'loopback-signing-secret-123';

describe('Slack: the real Bolt app against a loopback Slack', () => {
  let dir: string;
  let app: App;
  let slack: SlackPlatform;
  let fake: FakeSlack;
  let feeds: FeedServer;
  let commandUrl: string;
  let apiUrl: string;
  const command = (text: string, user = 'U_MEMBER', extra: Parameters<typeof sendSlashCommand>[3] = {}) => sendSlashCommand(commandUrl, SECRET, { text, user_id: user }, extra);
  const json = (body: string) => JSON.parse(body) as { response_type: string; text: string };

  beforeAll(async () => {
    fake = new FakeSlack();
    fake.admins.add('U_ADMIN');
    apiUrl = await fake.start();
    feeds = await startFeedServer();
    feeds.route('/wire.xml', feedRoute(rss([{ guid: 'old', title: 'Old news' }]), { etag: '"v1"' }));
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-slack-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\nitems:\n  maxAge: off\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - id: wire\n    name: Loopback Wire\n    url: ${feeds.url('/wire.xml')}\n`);
    app = await createApp(loadConfig(dir), silentLogger);
    slack = new SlackPlatform({ botToken: 'xoxb-test-token-0000', signingSecret: SECRET, port: 0, apiUrl, command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    const port = await slack.start();
    commandUrl = `http://127.0.0.1:${port}/slack/events`;
    await app.cycle.run(app.config.feeds, { select: 'all' }); // first read: recorded, not announced
  });

  afterAll(async () => {
    await slack.stop();
    await app.close();
    await feeds.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('subscribes by slash command, then delivers exactly one message for a new item after one poll', async () => {
    const reply = await command('subscribe 5g');
    expect(reply.status).toBe(200);
    expect(json(reply.body)).toEqual({ response_type: 'in_channel', text: 'This channel will get *5g* alerts (instant).' });

    feeds.route('/wire.xml', feedRoute(rss([
      { guid: 'new', title: '5G-Advanced network switched on in Wuhan', link: 'https://wire.example/5ga', pubDate: new Date().toUTCString(), description: 'China Mobile switched on a 5G-Advanced network in Wuhan on Monday. The 5G-A network covers the city centre.' },
      { guid: 'old', title: 'Old news' },
    ]), { etag: '"v2"' }));
    await app.cycle.run(app.config.feeds, { select: 'all' });
    await app.outbox.drain([slack]);
    await app.outbox.drain([slack]);
    const posts = fake.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.channel).toBe('C0001');
    expect(JSON.stringify(posts[0]?.blocks)).toContain('<https://wire.example/5ga|5G-Advanced network switched on in Wuhan>');
  });

  it('refuses a bad signature and a stale timestamp', async () => {
    expect((await command('topics', 'U_MEMBER', { badSignature: true })).status).toBe(401);
    expect((await command('topics', 'U_MEMBER', { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect(fake.calls.filter((c) => c.method === 'users.info' && c.args.user === 'U_MEMBER').length).toBeLessThanOrEqual(1);
  });

  it('refuses an admin command from a member, privately, and runs it for a workspace admin', async () => {
    const refused = json((await command('admin topic threshold 5g 3')).body);
    expect(refused.response_type).toBe('ephemeral');
    expect(refused.text).toContain('is for admins only');
    expect((await app.topics.find('5g'))?.threshold).toBe(2);
    const done = json((await command('admin topic threshold 5g 3', 'U_ADMIN')).body);
    expect(done).toEqual({ response_type: 'in_channel', text: '`5g` now fires at 3.' });
    expect((await app.topics.find('5g'))?.threshold).toBe(3);
    await command('admin topic threshold 5g 2', 'U_ADMIN');
  });

  it('parses quoted arguments and answers errors to the caller alone', async () => {
    const added = json((await command('admin topic terms 5g add "Zephyr mesh"', 'U_ADMIN')).body);
    expect(added.text).toContain('added: Zephyr mesh');
    const typo = json((await command('subscribe iott')).body);
    expect(typo.response_type).toBe('ephemeral');
    expect(typo.text).toContain('did you mean "iot"?');
  });

  it('pings nobody: feed text with @everyone, <!channel>, user mentions and links is shown, not acted on', async () => {
    feeds.route('/wire.xml', feedRoute(rss([
      { guid: 'evil', title: '5G alert <!channel> @everyone <@U0BOSS> *bold* <https://evil.example|click>', link: 'https://wire.example/evil', pubDate: new Date().toUTCString(), description: '5G networks: <!here> please read [this](https://evil.example) and <@U0BOSS>.' },
      { guid: 'new', title: '5G-Advanced network switched on in Wuhan' },
      { guid: 'old', title: 'Old news' },
    ]), { etag: '"v3"' }));
    await app.cycle.run(app.config.feeds, { select: 'all' });
    await app.outbox.drain([slack]);
    const post = fake.posts().at(-1) as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ type: string; text: string }> }> };
    // Everything Slack parses for mentions and links (mrkdwn and the notification text) carries none from the feed.
    const parsed = [post.text, ...post.blocks.flatMap((b) => [b.text, ...(b.elements ?? [])]).filter((t) => t?.type === 'mrkdwn').map((t) => t!.text)];
    for (const text of parsed) {
      expect(text).not.toMatch(/<[!@#](?!date\^)|<https:\/\/evil/); // <!date^…> is ours: a timestamp in the reader's zone
      expect(text).not.toMatch(/(^|[^＊])\*bold\*/);
    }
    expect(parsed.join(' ')).toContain('<https://wire.example/evil|');
    // The summary goes as plain_text, which Slack shows as typed: no mention, no link, no markup.
    const summary = post.blocks.find((b) => b.type === 'section' && b.text?.type === 'plain_text');
    expect(summary?.text?.text).toContain('[this](https://evil.example)');
  });

  it('waits out Slack\'s per-channel limit instead of hitting it', async () => {
    const before = fake.rateLimited;
    for (let i = 0; i < 3; i += 1) {
      await slack.send('slack:T0001:C0002', { feed: { id: 'wire', name: 'Wire' }, item: { feedId: 'wire', id: `r${i}`, title: `Rate test ${i}`, titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [] } });
    }
    expect(fake.posts().filter((p) => p.channel === 'C0002')).toHaveLength(3);
    expect(fake.rateLimited).toBe(before);
  });

  it('reports a channel that is gone as permanent, so the channel is paused', async () => {
    fake.goneChannels.add('C0GONE');
    await expect(slack.send('slack:T0001:C0GONE', { feed: { id: 'wire', name: 'Wire' }, item: { feedId: 'wire', id: 'g', title: 'x', titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [] } })).rejects.toMatchObject({ permanent: true });
  });

  it('waits out a 429 with Retry-After and delivers the message once', async () => {
    fake.rateLimitNext = true;
    const before = fake.posts().filter((p) => p.channel === 'C0003').length;
    await slack.send('slack:T0001:C0003', { feed: { id: 'wire', name: 'Wire' }, item: { feedId: 'wire', id: 'r429', title: 'After a 429', titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [] } });
    expect(fake.posts().filter((p) => p.channel === 'C0003')).toHaveLength(before + 1);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0003')).toHaveLength(before + 2);
  });

  it('delivers once across a restart between the outbox write and the send', async () => {
    await command('subscribe quantum');
    const alert = { feed: { id: 'wire', name: 'Loopback Wire' }, item: { feedId: 'wire', id: 'restart-1', title: 'Quantum key distribution link opens', titleFromText: false, text: '', html: '', categories: [], topics: [{ id: 'quantum', score: 3, matched: ['QKD'] }], summary: '', events: [] } };
    await app.outbox.handOff([{ alert, seenHashes: ['restart-1'] }]);
    // The process stops here; a new one opens the same store and drains.
    await app.close();
    app = await createApp(loadConfig(dir), silentLogger);
    await slack.stop();
    slack = new SlackPlatform({ botToken: 'xoxb-test-token-0000', signingSecret: SECRET, port: 0, apiUrl, command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    const port = await slack.start();
    commandUrl = `http://127.0.0.1:${port}/slack/events`;
    await app.outbox.drain([slack]);
    await app.outbox.drain([slack]);
    expect(fake.posts().filter((p) => JSON.stringify(p.blocks).includes('Quantum key distribution link opens'))).toHaveLength(1);
  });
});

