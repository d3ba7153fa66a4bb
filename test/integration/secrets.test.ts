/**
 * Secrets never leave the process in what people or log shippers see: a full, successful run of
 * the built program (`start`) with both chat platforms on loopback servers, debug logs as JSON,
 * slash commands that succeed, fail, are refused (admin only, forged, replayed), a poll that
 * delivers to Slack and Discord, and a SIGTERM. Then every line of output and every reply and
 * message body is searched for each secret and for recognisable pieces of it.
 * (A start whose platforms fail is covered in faults.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../src/tools/loopback/fake-discord.js';
import { FakeSlack, sendSlashCommand } from '../../src/tools/loopback/fake-slack.js';
import { repoRoot, spawnCli } from '../helpers/cli.js';
import { rss } from '../helpers/fake-source.js';
import { feedRoute, type FeedServer, startFeedServer } from '../helpers/feed-server.js';

// Distinctive values, so that a hit can only be a leak.
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-7Qz1-kestrel-bot-token-91c2ae',
  SLACK_SIGNING_SECRET: 'Wp4sig-heron-signing-5b7e0fd3',
  DISCORD_TOKEN: 'MTk4Osprey.discord-bot.Zx93kqLm77',
  STORE_PASSWORD: 'Pw9plover-store-pass-3e1d',
};

/** The whole secret, and its first and last eight characters (what a "masked" print would keep). */
function fragments(secret: string): string[] {
  return [secret, secret.slice(0, 8), secret.slice(-8)];
}

const MEMBER = { id: '800000000000000020', permissions: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel) };
const subcommand = (name: string, options: unknown[] = []) => ({ type: ApplicationCommandOptionType.Subcommand, name, options });
const text = (name: string, value: string) => ({ type: ApplicationCommandOptionType.String, name, value });

describe('secrets stay out of a full successful run', () => {
  let dir: string;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let feeds: FeedServer;
  let worker: ReturnType<typeof spawnCli>;
  let commandUrl: string;
  const replies: string[] = [];

  beforeAll(async () => {
    slack = new FakeSlack();
    slack.admins.add('U_BOSS');
    discord = new FakeDiscord();
    feeds = await startFeedServer();
    feeds.route('/wire.xml', feedRoute(rss([{ guid: 'calm-1', title: 'Quarterly report published', pubDate: new Date().toUTCString() }]), { etag: '"a"' }));
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-secrets-run-'));
    writeFileSync(path.join(dir, 'settings.yaml'), 'poll:\n  tick: 1s\n  interval: 2s\n  minInterval: 1s\n  firstPollSpread: 1s\n');
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - id: wire\n    name: Loopback Wire\n    url: ${feeds.url('/wire.xml')}\n`);
    const env = {
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      SLACK_API_URL: await slack.start(),
      PORT: '0',
      DISCORD_TOKEN: SECRETS.DISCORD_TOKEN,
      DISCORD_API_URL: await discord.start(),
      // The store takes memory:// or sqlite://; memory:// still carries a password to hide.
      STORE_URL: `memory://radar:${SECRETS.STORE_PASSWORD}@state`,
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      NO_COLOR: '1',
    };
    worker = spawnCli(['--config', dir, 'start'], env);
    await worker.waitFor(/"msg":"worker started"/, 'stderr');
    await worker.waitFor(/"msg":"discord commands (registered|up to date)"/, 'stderr');
    const listening = worker.stderr().split('\n').find((line) => line.includes('slack listening for slash commands'));
    commandUrl = `http://127.0.0.1:${(JSON.parse(listening ?? '{}') as { port?: number }).port}/slack/events`;
  }, 30_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await slack.stop();
    await discord.stop();
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs commands, delivers, stops on SIGTERM, and no secret or piece of one appears anywhere', async () => {
    const command = async (words: string, user = 'U_MEMBER', options: Parameters<typeof sendSlashCommand>[3] = {}) => {
      const reply = await sendSlashCommand(commandUrl, SECRETS.SLACK_SIGNING_SECRET, { text: words, user_id: user }, options);
      replies.push(reply.body);
      return reply;
    };
    // Commands that work, one that fails, and refusals of several kinds.
    expect((await command('subscribe 5g')).body).toContain('*5g* alerts');
    expect((await command('topics')).status).toBe(200);
    expect((await command('subscribe iott')).body).toContain('did you mean');
    expect((await command('admin topic threshold 5g 3')).body).toContain('is for admins only');
    expect((await command('admin feed add http://127.0.0.1:9/feed.xml', 'U_BOSS')).body).toContain('may not point at private');
    expect((await command('topics', 'U_MEMBER', { badSignature: true })).status).toBe(401);
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await command('help', 'U_MEMBER', { timestamp })).status).toBe(200);
    expect((await command('help', 'U_MEMBER', { timestamp })).status).toBe(401); // the replay
    await discord.interact('radar', [subcommand('subscribe', [text('topic', '5g')])], MEMBER);
    await discord.interact('radar-admin', [{ type: ApplicationCommandOptionType.SubcommandGroup, name: 'topic', options: [subcommand('threshold', [text('topic', '5g'), text('score', '3')])] }], MEMBER);
    expect(JSON.stringify(discord.callbacks().at(-1))).toContain('is for admins only');

    // News the subscriptions want, once the first read has recorded what was there: the next
    // poll delivers it to both platforms.
    await expect.poll(() => feeds.hits('/wire.xml'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    feeds.route('/wire.xml', feedRoute(rss([
      { guid: 'fiveg-1', title: '5G-Advanced network switched on across the port of Ningbo', link: 'https://wire.example/ningbo-5ga', pubDate: new Date().toUTCString(), description: 'The operator switched on a 5G-Advanced network at the port. The 5G-A network carries crane control and video.' },
      { guid: 'calm-1', title: 'Quarterly report published' },
    ]), { etag: '"b"' }));
    await expect.poll(() => slack.posts().length + discord.messages().length, { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(slack.posts())).toContain('Ningbo');
    expect(JSON.stringify(discord.messages())).toContain('Ningbo');

    worker.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
    const output = worker.stdout() + worker.stderr();
    expect(output).toContain('"msg":"worker stopped"');
    expect(output).toContain('slack request refused: the same signed request was already accepted (a replay)');

    const seen = [output, ...replies, JSON.stringify(discord.callbacks()), JSON.stringify(slack.posts()), JSON.stringify(discord.messages())].join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const piece of fragments(secret)) expect(seen.includes(piece), `${name}: "${piece}" was printed or sent`).toBe(false);
    }
  }, 60_000);
});
