import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { Alert } from '../../src/model/alert.js';
import { discordChannel, slackChannel, type TargetId } from '../../src/model/target.js';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.js';
import { SlackPlatform } from '../../src/platforms/slack/slack-platform.js';
import { ItemRepository } from '../../src/store/item-repository.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { FakeDiscord, GUILD_ID } from '../../src/tools/loopback/fake-discord.js';
import { FakeSlack } from '../../src/tools/loopback/fake-slack.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * The chat platforms misbehave (429 storms, 5xx, requests that time out, answers lost after the
 * message was taken, connections reset, the Discord gateway dropped) and each alert still
 * arrives exactly once, counted at the loopback platform. The outbox's clock can jump ahead so
 * that retries after a backoff run at once.
 */
const DISCORD_TARGET = discordChannel(GUILD_ID, '320000000000000001');
const SLACK_TARGET = slackChannel('T0001', 'C0FAULTS1');
const MEMBER = { id: '800000000000000010', permissions: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel) };

let counter = 0;
function alert(what: string): Alert {
  const id = `fault-${++counter}`;
  const title = `Fault drill ${counter}: ${what}`;
  return { feed: { id: 'drill', name: 'Drill wire' }, item: { feedId: 'drill', id, title, link: `https://wire.example/${id}`, titleFromText: false, text: '', html: '', categories: [], topics: [{ id: '5g', score: 3, matched: ['5G'] }], summary: '', events: [] } };
}

describe('chat platforms under faults', () => {
  let dir: string;
  let app: App;
  let fakeDiscord: FakeDiscord;
  let fakeSlack: FakeSlack;
  let discord: DiscordPlatform;
  let slack: SlackPlatform;
  let offset = 0;
  const warnings: string[] = [];
  let outbox: Outbox;

  beforeAll(async () => {
    fakeDiscord = new FakeDiscord();
    fakeSlack = new FakeSlack();
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-chat-faults-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    app = await createApp({ ...loadConfig(dir), feeds: [] }, silentLogger);
    const logger = createLogger({ level: 'warn', format: 'json', write: (line) => warnings.push(line) });
    discord = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl: await fakeDiscord.start(), command: 'radar', adminIds: [], services: app.chat, logger, restTimeoutMs: 400 });
    slack = new SlackPlatform({ botToken: 'xoxb-faults', signingSecret: 'faults-signing-secret', port: 0, apiUrl: await fakeSlack.start(), command: 'radar', adminIds: [], services: app.chat, logger, requestTimeoutMs: 400 });
    await discord.start();
    await slack.start();
    const route = async (alerts: Alert[]) => alerts.map((a) => [{ target: (a.item.title.includes('Slack') ? SLACK_TARGET : DISCORD_TARGET) as TargetId, way: 'instant' as const }]);
    outbox = new Outbox(new OutboxRepository(app.store), new SeenRepository(app.store, 86_400_000), new ItemRepository(app.store), () => Date.now() + offset, logger, undefined, route);
  }, 30_000);

  afterAll(async () => {
    await discord.stop();
    await slack.stop();
    await app.close();
    await fakeDiscord.stop();
    await fakeSlack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    offset = 0;
  });

  /** Hands the alert off and drains until nothing waits, jumping the clock past each backoff. */
  async function deliver(a: Alert): Promise<number> {
    await outbox.handOff([{ alert: a, seenHashes: [a.item.id] }]);
    for (let drains = 1; drains <= 6; drains += 1) {
      const report = await outbox.drain([discord, slack]);
      if (report.waiting + report.failed === 0) return drains;
      offset += 3_600_000;
    }
    throw new Error('still waiting after 6 drains');
  }
  const discordCopies = (a: Alert) => fakeDiscord.messages().filter((m) => JSON.stringify(m.body).includes(a.item.title)).length;
  const slackCopies = (a: Alert) => fakeSlack.posts().filter((p) => p.text.includes(a.item.title)).length;

  describe('Discord', () => {
    it('waits out a storm of six 429s and posts once', async () => {
      fakeDiscord.messageFaults.push(429, 429, 429, 429, 429, 429);
      const a = alert('429 storm on Discord');
      expect(await deliver(a)).toBe(1);
      expect(discordCopies(a)).toBe(1);
    });

    it('retries 500 and 502 answers and a reset connection, and posts once', async () => {
      fakeDiscord.messageFaults.push(500, 502, 'reset');
      const a = alert('5xx and reset on Discord');
      await deliver(a);
      expect(discordCopies(a)).toBe(1);
    });

    it('gives up on requests that time out, retries later from the outbox, and posts once', async () => {
      fakeDiscord.messageFaults.push('hang', 'hang', 'hang', 'hang');
      const a = alert('timeouts on Discord');
      expect(await deliver(a)).toBeGreaterThan(1);
      expect(discordCopies(a)).toBe(1);
    });

    it('posts once when the answer to a post that was taken is lost: the retry carries the same nonce', async () => {
      const before = fakeDiscord.deduplicated;
      fakeDiscord.messageFaults.push('accept-then-hang');
      const a = alert('lost answer on Discord');
      await deliver(a);
      expect(discordCopies(a)).toBe(1);
      expect(fakeDiscord.deduplicated).toBe(before + 1);
    });

    it('resumes a dropped gateway session and answers a command sent while it was away, once', async () => {
      const resumes = fakeDiscord.resumes;
      const callbacks = fakeDiscord.callbacks().length;
      fakeDiscord.dropGateway(4000);
      await fakeDiscord.interact('radar', [{ type: ApplicationCommandOptionType.Subcommand, name: 'topics', options: [] }], MEMBER);
      await expect.poll(() => fakeDiscord.callbacks().length, { timeout: 10_000 }).toBe(callbacks + 1);
      expect(fakeDiscord.resumes).toBe(resumes + 1);
      const a = alert('after a resume on Discord');
      await deliver(a);
      expect(discordCopies(a)).toBe(1);
    });

    it('identifies anew when the session cannot be resumed, and goes on working', async () => {
      const identifies = fakeDiscord.identifies;
      const callbacks = fakeDiscord.callbacks().length;
      fakeDiscord.dropGateway(4007); // invalid sequence: the session cannot be resumed
      await expect.poll(() => fakeDiscord.identifies, { timeout: 10_000 }).toBe(identifies + 1);
      await fakeDiscord.interact('radar', [{ type: ApplicationCommandOptionType.Subcommand, name: 'help', options: [] }], MEMBER);
      await expect.poll(() => fakeDiscord.callbacks().length, { timeout: 10_000 }).toBe(callbacks + 1);
    });
  });

  describe('Slack', () => {
    it('waits out a storm of five 429s and posts once', async () => {
      const before = fakeSlack.rateLimited;
      fakeSlack.postFaults.push('ratelimited', 'ratelimited', 'ratelimited', 'ratelimited', 'ratelimited');
      const a = alert('429 storm on Slack');
      await deliver(a);
      expect(slackCopies(a)).toBe(1);
      expect(fakeSlack.rateLimited - before).toBe(5);
    });

    it('retries 500 and 503 answers and a reset connection, and posts once', async () => {
      fakeSlack.postFaults.push(500, 503, 'reset');
      const a = alert('5xx and reset on Slack');
      expect(await deliver(a)).toBe(4);
      expect(slackCopies(a)).toBe(1);
    });

    it('after a post that timed out without being taken, finds nothing in the history and posts once', async () => {
      fakeSlack.postFaults.push('hang');
      const a = alert('timeout on Slack');
      await deliver(a);
      expect(slackCopies(a)).toBe(1);
    });

    it('after a post that was taken but whose answer was lost, finds it in the history and does not post again', async () => {
      const checks = fakeSlack.calls.filter((c) => c.method === 'conversations.history').length;
      fakeSlack.postFaults.push('accept-then-hang');
      const a = alert('lost answer on Slack');
      expect(await deliver(a)).toBe(2);
      expect(slackCopies(a)).toBe(1);
      expect(fakeSlack.calls.filter((c) => c.method === 'conversations.history').length).toBe(checks + 1);
    });

    it('without the history scope it cannot tell, says so, and posts again (at least once, never lost)', async () => {
      fakeSlack.historyScope = false;
      fakeSlack.postFaults.push('accept-then-hang');
      const a = alert('lost answer on Slack without history');
      await deliver(a);
      fakeSlack.historyScope = true;
      expect(slackCopies(a)).toBe(2);
      expect(warnings.join('\n')).toContain('add the channels:history scope');
    });
  });
});
