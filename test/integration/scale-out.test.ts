import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { discordChannel } from '../../src/model/target.js';
import { FakeDiscord, GUILD_ID } from '../../src/tools/loopback/fake-discord.js';
import { unitHash } from '../../src/util/hash.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot, type SpawnedCli, spawnCli } from '../helpers/cli.js';
import { type FeedServer, rssFeed, startFeedServer } from '../helpers/feed-server.js';
import { dropRedisKeys, withParameter } from '../helpers/store-backends.js';

/**
 * Several processes on one Redis: a scheduler, three poll workers and a bot, over 300 loopback
 * feeds. Each feed is fetched once per interval (counted at the feed server), each new item is
 * alerted once (counted at the loopback Discord); then a worker is killed mid-cycle and the
 * others take its jobs over within the stall timeout.
 */
const { REDIS_URL } = process.env;
const FEEDS = 300;
const INTERVAL_MS = 8_000;
const STALL_MS = 3_000;
const CYCLES = 5;
const CHANNEL = '330000000000000001';
// Every fifth feed publishes a new item each interval; the others never change.
const lively = (n: number) => n % 5 === 0;
// Titles that no two feeds share enough of to be taken for the same story (near-duplicates.ts):
// a place and a purpose (no two feeds have both alike), the feed's and the wave's own words.
const PLACES = 'wuhan chengdu wuxi hefei guiyang nanjing xiamen kunming lanzhou harbin jinan dalian ningbo zhuhai tianjin suzhou qingdao changsha fuzhou nanning taiyuan urumqi lhasa hohhot'.split(' ');
const PURPOSES = 'ports hospitals farms mines railways schools factories stadiums airports pipelines forests rivers bridges tunnels'.split(' ');
const title = (feed: number, generation: number) => `5G ${PLACES[feed % PLACES.length]} ${PURPOSES[Math.floor(feed / PLACES.length) % PURPOSES.length]} feed${feed} wave${generation}`;

describe.skipIf(!REDIS_URL)(`scale-out on Redis with BullMQ${REDIS_URL ? '' : ' (skipped: REDIS_URL unset)'}`, () => {
  const run = randomUUID().slice(0, 8);
  const prefix = `ict-radar-scale-${run}`;
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let env: NodeJS.ProcessEnv;
  const fetches = new Map<number, number[]>();
  // Titles each feed listed after its first read, and titles its first read listed (recorded, never announced).
  const served = new Map<number, Set<string>>();
  const firstRead = new Set<string>();
  const processes: SpawnedCli[] = [];
  let t0 = 0;

  beforeAll(async () => {
    t0 = Date.now();
    feeds = await startFeedServer();
    for (let n = 0; n < FEEDS; n += 1) {
      feeds.route(`/f/${n}.xml`, () => {
        const times = fetches.get(n) ?? [];
        times.push(Date.now());
        fetches.set(n, times);
        const generation = lively(n) ? Math.floor((Date.now() - t0) / INTERVAL_MS) : 0;
        const items = [generation - 1, generation].filter((g) => g >= 0).map((g) => ({ guid: `${n}-${g}`, title: title(n, g), link: `https://wire.example/${n}/${g}`, pubDate: new Date().toUTCString() }));
        for (const item of items) {
          if (times.length === 1) firstRead.add(item.title);
          else (served.get(n) ?? served.set(n, new Set()).get(n)!).add(item.title);
        }
        // A little time on the wire, so that a killed worker has jobs in flight.
        return { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(items), delayMs: 50 + (n % 7) * 30 };
      });
    }
    discord = new FakeDiscord({ perChannel: 100_000, perChannelWindowMs: 1_000, globalPerSecond: 50 });
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-scale-'));
    // One loopback server stands in for 300 publishers: the per-host limit is raised to match.
    writeFileSync(
      path.join(dir, 'settings.yaml'),
      `poll:\n  perHostConcurrency: 64\n  tick: 1s\n  interval: ${INTERVAL_MS / 1000}s\n  minInterval: 1s\n  firstPollSpread: 2s\nitems:\n  maxAge: "off"\nqueue:\n  prefix: ${prefix}-q\n  stallTimeout: ${STALL_MS / 1000}s\n  concurrency: 32\n`,
    );
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n${Array.from({ length: FEEDS }, (_, n) => `  - { id: f${n}, name: Feed ${n}, url: "${feeds.url(`/f/${n}.xml`)}" }\n`).join('')}`);
    env = {
      STORE_URL: withParameter(REDIS_URL!, 'prefix', `${prefix}-s`),
      QUEUE_URL: REDIS_URL,
      DISCORD_TOKEN: 'scale-test-discord-token-0123456789',
      DISCORD_API_URL: await discord.start(),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
    const app = await createApp(loadConfig(dir, { STORE_URL: env.STORE_URL }), silentLogger);
    await app.subscriptions.subscribe(discordChannel(GUILD_ID, CHANNEL), '5g');
    await app.close();
  }, 30_000);

  afterAll(async () => {
    for (const p of processes) p.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exit));
    await feeds?.close();
    await discord?.stop();
    if (REDIS_URL) {
      await dropRedisKeys(REDIS_URL, `${prefix}-s`);
      await dropRedisKeys(REDIS_URL, `${prefix}-q`);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const alerted = () => {
    const counts = new Map<string, number>();
    for (const m of discord.messages()) {
      const text = String((m.body.embeds as Array<{ title?: string }>)[0]?.title);
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    return counts;
  };
  const start = (role: string) => {
    const child = spawnCli(['--config', dir, 'start', '--role', role], env);
    processes.push(child);
    return child;
  };
  /** Fetch times of each feed after `since`, and the gaps between them. */
  const gaps = (since: number) => [...fetches].map(([n, times]) => ({ n, times: times.filter((t) => t >= since) })).map(({ n, times }) => ({ n, count: times.length, gaps: times.slice(1).map((t, i) => t - times[i]!) }));

  it(`fetches each of ${FEEDS} feeds once per interval over ${CYCLES} intervals with 3 workers, and alerts each new item once`, async () => {
    const scheduler = start('scheduler');
    const workers = [start('worker'), start('worker'), start('worker')];
    const bot = start('bot');
    await Promise.all([scheduler.waitFor(/scheduler started/, 'stderr', 20_000), ...workers.map((w) => w.waitFor(/poll worker started/, 'stderr', 20_000)), bot.waitFor(/discord connected/, 'stderr', 20_000)]);
    await expect.poll(() => fetches.size, { timeout: 20_000, interval: 250 }).toBe(FEEDS);
    await new Promise((resolve) => setTimeout(resolve, (CYCLES + 1) * INTERVAL_MS));
    // Each feed owns a slot in every interval (schedule.ts); in steady state (from its second
    // fetch on) its fetches must fall in consecutive intervals of its slot: one per cycle, none
    // twice (a race between workers), none skipped (a lost job).
    const slotsOf = (n: number) => (fetches.get(n) ?? []).slice(1).map((t) => Math.floor((t - unitHash(`f${n}`) * INTERVAL_MS) / INTERVAL_MS));
    const irregular = [...fetches.keys()].filter((n) => slotsOf(n).some((k, i, all) => i > 0 && k !== all[i - 1]! + 1));
    const cycles = [...fetches.keys()].map((n) => slotsOf(n).length);
    const total = [...fetches.values()].reduce((sum, times) => sum + times.length, 0);
    console.log(`scale-out: ${FEEDS} feeds, ${total} fetches; steady-state cycles per feed ${Math.min(...cycles)} to ${Math.max(...cycles)}; feeds fetched twice in a cycle or skipping one: ${irregular.length}`);
    // Every new item the feeds listed reaches the channel once (the bot delivers within a few seconds).
    const wanted = [...served.values()].flatMap((titles) => [...titles]).filter((t) => !firstRead.has(t));
    await expect.poll(() => wanted.filter((t) => !alerted().has(t)).length, { timeout: 20_000, interval: 500 }).toBe(0);
    const doubled = [...alerted()].filter(([, n]) => n > 1);
    console.log(`scale-out: ${wanted.length} new items listed, ${alerted().size} alerted, ${doubled.length} alerted twice`);
    expect(doubled).toEqual([]);
    expect(irregular).toEqual([]);
    expect(Math.min(...cycles)).toBeGreaterThanOrEqual(CYCLES - 1);
  }, 120_000);

  it('a worker killed mid-cycle: its jobs go to the others within the stall timeout, nothing lost or doubled', async () => {
    const victim = processes.find((p) => p.stderr().includes('poll worker started'))!;
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    await victim.exit;
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS + STALL_MS + 1_000));
    const figures = gaps(killedAt - INTERVAL_MS);
    // No feed waits longer than an interval plus the stall timeout (and a tick) for its next fetch.
    const late = figures.filter((f) => f.gaps.some((gap) => gap > INTERVAL_MS + STALL_MS + 2_000));
    const starved = figures.filter((f) => f.count < 2);
    // A job in flight when its worker died may be fetched again by the worker that takes it over.
    const refetched = figures.filter((f) => f.gaps.some((gap) => gap < INTERVAL_MS / 2 - 500));
    console.log(`scale-out kill: late ${late.length}, starved ${starved.length}, fetched again after the kill ${refetched.length} (at most the 32 jobs the worker held)`);
    expect(late.map((f) => f.n)).toEqual([]);
    expect(starved.map((f) => f.n)).toEqual([]);
    expect(refetched.length).toBeLessThanOrEqual(32);
    const wanted = [...served.values()].flatMap((titles) => [...titles]).filter((t) => !firstRead.has(t));
    await expect.poll(() => wanted.filter((t) => !alerted().has(t)).length, { timeout: 20_000, interval: 500 }).toBe(0);
    expect([...alerted()].filter(([, n]) => n > 1)).toEqual([]);
    for (const p of processes.filter((p) => p !== victim)) p.kill('SIGTERM');
    const codes = await Promise.all(processes.filter((p) => p !== victim).map((p) => p.exit));
    expect(codes.every((code) => code === 0)).toBe(true);
  }, 120_000);
});
