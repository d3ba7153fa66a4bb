import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../helpers/cli.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from '../../src/tools/loopback/fake-discord.js';
import { feedRoute, type FeedServer, startFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/fake-source.js';

const MEMBER = { id: '800000000000000010', permissions: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel) };
const ADMIN = { id: '800000000000000011', permissions: String(PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages) };
const sub = (name: string, options: unknown[] = []) => ({ type: ApplicationCommandOptionType.Subcommand, name, options });
const str = (name: string, value: string) => ({ type: ApplicationCommandOptionType.String, name, value });

describe('Discord: the real discord.js client against a loopback Discord', () => {
  let dir: string;
  let app: App;
  let discord: DiscordPlatform;
  let fake: FakeDiscord;
  let feeds: FeedServer;
  let apiUrl: string;

  beforeAll(async () => {
    fake = new FakeDiscord();
    apiUrl = await fake.start();
    feeds = await startFeedServer();
    feeds.route('/wire.xml', feedRoute(rss([{ guid: 'old', title: 'Old news' }]), { etag: '"v1"' }));
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-discord-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\nitems:\n  maxAge: off\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - id: wire\n    name: Loopback Wire\n    url: ${feeds.url('/wire.xml')}\n`);
    app = await createApp(loadConfig(dir), silentLogger);
    discord = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl, command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    await discord.start();
    await app.cycle.run(app.config.feeds, { select: 'all' });
  }, 20_000);

  afterAll(async () => {
    await discord.stop();
    await app.close();
    await feeds.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers /radar and /radar-admin (Manage Server by default), and sends nothing when they are unchanged', async () => {
    const names = fake.commands.map((c) => c.name).sort();
    expect(names).toEqual(['radar', 'radar-admin']);
    const admin = fake.commands.find((c) => c.name === 'radar-admin');
    expect(admin?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const puts = fake.calls.filter((c) => c.method === 'PUT').length;
    expect(puts).toBe(1);
    // A restart compares with what Discord has and sends no change.
    const again = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl, command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    await again.start();
    await again.stop();
    expect(fake.calls.filter((c) => c.method === 'PUT').length).toBe(1);
  });

  it('subscribes by slash command, then delivers exactly one embed for a new item after one poll, pinging no one', async () => {
    await fake.interact('radar', [sub('subscribe', [str('topic', '5g')])], MEMBER);
    const reply = fake.callbacks().at(-1);
    expect(reply).toMatchObject({ type: 4, data: { content: 'This channel will get **5g** alerts (instant).' } });
    expect(((reply?.data.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral).toBe(0);

    feeds.route('/wire.xml', feedRoute(rss([
      { guid: 'new', title: '5G-Advanced switched on in Wuhan @everyone', link: 'https://wire.example/5ga', pubDate: new Date().toUTCString(), description: 'China Mobile switched on 5G-Advanced in Wuhan. <@&123456789012345678> and @here [click](https://evil.example) **now**.' },
      { guid: 'old', title: 'Old news' },
    ]), { etag: '"v2"' }));
    await app.cycle.run(app.config.feeds, { select: 'all' });
    await app.outbox.drain([discord]);
    await app.outbox.drain([discord]);
    const messages = fake.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.channel).toBe(CHANNEL_ID);
    const body = messages[0]!.body as { allowed_mentions: { parse: unknown[] }; embeds: Array<{ title: string; url: string; description: string }> };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]?.url).toBe('https://wire.example/5ga');
    expect(body.embeds[0]?.description).not.toMatch(/(^|[^\\])\[click\]\(https:\/\/evil/);
    expect(body.embeds[0]?.description).not.toMatch(/(^|[^\\])\*\*now/);
  });

  it('runs the gateway over several shards when asked (DISCORD_SHARDS), each identifying on its own', async () => {
    const before = fake.identifies;
    const sharded = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl, shards: 2, command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    // discord.js identifies shards one per 5 s (max_concurrency 1), as Discord requires.
    await sharded.start();
    await sharded.stop();
    expect(fake.identifies - before).toBe(2);
    // 'auto' takes Discord's recommended count from GET /gateway/bot: the loopback says 1.
    const auto = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl, shards: 'auto', command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    await auto.start();
    await auto.stop();
    expect(fake.identifies - before).toBe(3);
  }, 30_000);

  it('refuses /radar-admin to a member on our side, privately, and runs it for Manage Server', async () => {
    await fake.interact('radar-admin', [{ type: ApplicationCommandOptionType.SubcommandGroup, name: 'topic', options: [sub('threshold', [str('topic', '5g'), str('score', '3')])] }], MEMBER);
    const refused = fake.callbacks().at(-1);
    expect(String(refused?.data.content)).toContain('is for admins only (Manage Server)');
    expect(((refused?.data.flags as number) ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect((await app.topics.find('5g'))?.threshold).toBe(2);
    await fake.interact('radar-admin', [{ type: ApplicationCommandOptionType.SubcommandGroup, name: 'topic', options: [sub('threshold', [str('topic', '5g'), str('score', '3')])] }], ADMIN);
    expect(fake.callbacks().at(-1)?.data.content).toBe('`5g` now fires at 3.');
    expect((await app.topics.find('5g'))?.threshold).toBe(3);
  });

  it('waits out a 429 and still delivers once', async () => {
    fake.rateLimitNextMessage = true;
    const before = fake.messages().length;
    await discord.send(`discord:${GUILD_ID}:${CHANNEL_ID}`, { feed: { id: 'wire', name: 'Wire' }, item: { feedId: 'wire', id: 'rl', title: 'Rate limited once', titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [] } });
    expect(fake.messages().length).toBe(before + 1);
    expect(fake.calls.filter((c) => c.path.endsWith('/messages')).length).toBeGreaterThanOrEqual(before + 2);
  });

  it('reports a channel that is gone as permanent', async () => {
    fake.goneChannels.add('300000000000000999');
    await expect(discord.send(`discord:${GUILD_ID}:300000000000000999`, { feed: { id: 'wire', name: 'Wire' }, item: { feedId: 'wire', id: 'g', title: 'x', titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [] } })).rejects.toMatchObject({ permanent: true });
  });

  it('delivers once across a restart between the outbox write and the send', async () => {
    await fake.interact('radar', [sub('subscribe', [str('topic', 'quantum')])], MEMBER);
    const alert = { feed: { id: 'wire', name: 'Loopback Wire' }, item: { feedId: 'wire', id: 'restart-1', title: 'Quantum key distribution link opens', titleFromText: false, text: '', html: '', categories: [], topics: [{ id: 'quantum', score: 3, matched: ['QKD'] }], summary: '', events: [] } };
    await app.outbox.handOff([{ alert, seenHashes: ['restart-1'] }]);
    await discord.stop();
    await app.close();
    app = await createApp(loadConfig(dir), silentLogger);
    discord = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl, command: 'radar', adminIds: [], services: app.chat, logger: silentLogger });
    await discord.start();
    await app.outbox.drain([discord]);
    await app.outbox.drain([discord]);
    expect(fake.messages().filter((m) => JSON.stringify(m.body).includes('Quantum key distribution link opens'))).toHaveLength(1);
  });
});

