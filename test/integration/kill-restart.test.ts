import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { discordChannel, slackChannel } from '../../src/model/target.js';
import { FakeDiscord, GUILD_ID } from '../../src/tools/loopback/fake-discord.js';
import { FakeSlack } from '../../src/tools/loopback/fake-slack.js';
import { rng } from '../../src/tools/bench-data.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot, spawnCli } from '../helpers/cli.js';
import { type FeedServer, type FixtureItem, rssFeed, startFeedServer } from '../helpers/feed-server.js';

/**
 * The worker killed with SIGKILL at random moments (a fixed seed) while it starts, polls and
 * delivers, then restarted, again and again: every alert reaches every subscribed channel
 * exactly once, counted at the loopback Discord and Slack servers.
 */
const KILLS = 22;
const SEED = 20261121;
const ITEMS_PER_FEED = 6;

// One feed per topic; each item's title is made of words no other feed's items share, so that
// no two items are taken for the same story.
const FEEDS = [
  { id: 'fiveg', topic: '5g', phrase: '5G base stations' },
  { id: 'quantum', topic: 'quantum', phrase: 'Quantum key distribution link' },
  { id: 'satellite', topic: 'satellite', phrase: 'Low Earth orbit satellite internet' },
  { id: 'iot', topic: 'iot', phrase: 'Internet of Things sensors' },
];
const PLACES = ['Wuhan', 'Chengdu', 'Wuxi', 'Hefei', 'Guiyang', 'Nanjing', 'Xiamen', 'Kunming', 'Lanzhou', 'Harbin', 'Jinan', 'Dalian', 'Ningbo', 'Zhuhai', 'Tianjin', 'Suzhou', 'Qingdao', 'Changsha', 'Fuzhou', 'Nanning', 'Taiyuan', 'Urumqi', 'Lhasa', 'Hohhot'];
const PURPOSES = ['ports', 'hospitals', 'farms', 'mines', 'railways', 'schools', 'factories', 'stadiums', 'airports', 'pipelines', 'forests', 'rivers', 'bridges', 'tunnels', 'warehouses', 'wind parks', 'dams', 'campuses', 'markets', 'ferries', 'clinics', 'museums', 'vineyards', 'orchards'];

const title = (feed: number, item: number) => `${FEEDS[feed]!.phrase} reach ${PLACES[feed * ITEMS_PER_FEED + item]} ${PURPOSES[feed * ITEMS_PER_FEED + item]}`;
const items = (feed: number, visible: number): FixtureItem[] =>
  Array.from({ length: visible }, (_, item) => ({
    guid: `${FEEDS[feed]!.id}-${item}`,
    title: title(feed, item),
    link: `https://wire.example/${FEEDS[feed]!.id}/${item}`,
    pubDate: new Date(Date.now() - (visible - item) * 60_000).toUTCString(),
    description: `${title(feed, item)}, the operator said, in a rollout planned for this year.`,
  }));

// Who gets what: two Discord channels and two Slack channels, two topics each.
const DISCORD_A = '310000000000000001';
const DISCORD_B = '310000000000000002';
const TARGETS = [
  { target: discordChannel(GUILD_ID, DISCORD_A), topics: ['5g', 'quantum'] },
  { target: discordChannel(GUILD_ID, DISCORD_B), topics: ['satellite', 'iot'] },
  { target: slackChannel('T0001', 'C0000000A'), topics: ['5g', 'satellite'] },
  { target: slackChannel('T0001', 'C0000000B'), topics: ['quantum', 'iot'] },
];

describe('SIGKILL at random points of polling and delivery, then restart', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    feeds = await startFeedServer();
    // Each feed shows two more items every time it is read, so that later runs poll new items
    // while earlier ones are still being delivered.
    FEEDS.forEach((feed, index) => {
      let reads = 0;
      feeds.route(`/${feed.id}.xml`, () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(items(index, Math.min(ITEMS_PER_FEED, 2 + 2 * reads++))) }));
    });
    discord = new FakeDiscord();
    slack = new FakeSlack();
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-kill-'));
    writeFileSync(path.join(dir, 'settings.yaml'), 'poll:\n  tick: 1s\n  interval: 1s\n  minInterval: 1s\n  firstPollSpread: 1s\nitems:\n  announceOnFirstPoll: all\n  maxAge: "off"\n');
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n${FEEDS.map((f) => `  - id: ${f.id}\n    name: ${f.id} wire\n    url: ${feeds.url(`/${f.id}.xml`)}\n`).join('')}`);
    env = {
      STORE_URL: `sqlite://${path.join(dir, 'state.sqlite')}`,
      DISCORD_TOKEN: 'kill-test-discord-token-0123456789',
      DISCORD_API_URL: await discord.start(),
      SLACK_BOT_TOKEN: 'xoxb-kill-test',
      SLACK_SIGNING_SECRET: 'kill-test-signing-secret',
      SLACK_API_URL: await slack.start(),
      PORT: '0',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    };
    const app = await createApp(loadConfig(dir, { STORE_URL: env.STORE_URL }), silentLogger);
    for (const { target, topics } of TARGETS) for (const topic of topics) await app.subscriptions.subscribe(target, topic);
    await app.close();
  }, 30_000);

  afterAll(async () => {
    await feeds?.close();
    await discord?.stop();
    await slack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers every alert exactly once across ${KILLS} kills`, async () => {
    const random = rng(SEED); // the kill moments are the same on every run
    const phases: string[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const worker = spawnCli(['--config', dir, 'start'], env);
      const sentBefore = discord.messages().length + slack.posts().length;
      // A few kills land during start-up; the rest at a random moment of the running worker.
      if (random() < 0.15) await new Promise((resolve) => setTimeout(resolve, 100 + random() * 500));
      else {
        await worker.waitFor(/worker started/, 'stderr', 20_000);
        await new Promise((resolve) => setTimeout(resolve, random() * 2_500));
      }
      const log = worker.stderr();
      const sent = discord.messages().length + slack.posts().length - sentBefore;
      phases.push(!log.includes('worker started') ? 'starting' : sent > 0 ? 'delivering' : 'polling');
      worker.kill('SIGKILL');
      expect(await worker.exit).toBe(null); // killed, not exited
    }
    // The last run is left alone until everything has arrived, then stopped.
    const worker = spawnCli(['--config', dir, 'start'], env);
    const expected = TARGETS.reduce((sum, t) => sum + t.topics.length * ITEMS_PER_FEED, 0);
    await expect.poll(() => discord.messages().length + slack.posts().length, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a straggler would show up here
    worker.kill('SIGTERM');
    const code = await worker.exit;
    expect(code, worker.stderr().split('\n').slice(-15).join('\n')).toBe(0);

    const received = new Map<string, number>();
    for (const m of discord.messages()) {
      const key = `${discordChannel(GUILD_ID, m.channel)} ${String((m.body.embeds as Array<{ title?: string }>)[0]?.title)}`;
      received.set(key, (received.get(key) ?? 0) + 1);
    }
    for (const p of slack.posts()) {
      const key = `${slackChannel('T0001', p.channel)} ${FEEDS.flatMap((_, f) => Array.from({ length: ITEMS_PER_FEED }, (_, i) => title(f, i))).find((t) => p.text.includes(t)) ?? p.text}`;
      received.set(key, (received.get(key) ?? 0) + 1);
    }
    const wanted = TARGETS.flatMap(({ target, topics }) => topics.flatMap((topic) => Array.from({ length: ITEMS_PER_FEED }, (_, i) => `${target} ${title(FEEDS.findIndex((f) => f.topic === topic), i)}`)));
    const lost = wanted.filter((key) => !received.has(key));
    const doubled = [...received].filter(([, n]) => n > 1).map(([key]) => key);
    const unexpected = [...received.keys()].filter((key) => !wanted.includes(key));
    console.log(`kill-restart: ${KILLS} kills (${phases.filter((p) => p === 'starting').length} while starting, ${phases.filter((p) => p === 'polling').length} running before any message went out, ${phases.filter((p) => p === 'delivering').length} while delivering); ${wanted.length} alerts expected; lost ${lost.length}, doubled ${doubled.length}; repeats stopped by Discord's nonce: ${discord.deduplicated}; Slack history checks: ${slack.calls.filter((c) => c.method === 'conversations.history').length}`);
    expect({ lost, doubled, unexpected }).toEqual({ lost: [], doubled: [], unexpected: [] });
    expect(received.size).toBe(expected);
  }, 180_000);
});
