import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../app/compose.js';
import { startPlatforms } from '../app/platforms.js';
import { bundledConfigDir, loadConfig } from '../config/load-config.js';
import { Outbox } from '../delivery/outbox.js';
import type { Alert } from '../model/alert.js';
import { discordChannel, slackChannel, type TargetId } from '../model/target.js';
import { ItemRepository } from '../store/item-repository.js';
import { OutboxRepository } from '../store/outbox-repository.js';
import { SeenRepository } from '../store/seen-repository.js';
import { silentLogger } from '../util/logger.js';
import { DISCORD_LIMITS, FakeDiscord, GUILD_ID } from './loopback/fake-discord.js';
import { FakeSlack } from './loopback/fake-slack.js';

/**
 * Delivery at scale: N alerts to C channels through the real outbox (SQLite store) and the
 * real discord.js and Bolt clients, against loopback platforms that enforce the platforms'
 * limits (Discord: a bucket of 5 posts per 5 s per channel and 50 requests/s overall; Slack:
 * one message per second per channel, 429 with Retry-After past it). The share of the allowed
 * rate compares the time taken with the least time those limits permit for the same messages.
 */
export interface DeliveryFigures {
  platform: string;
  alerts: number;
  channels: number;
  seconds: number;
  perSecond: number;
  /** The least time the platform's limits allow for these messages. */
  idealSeconds: number;
  shareOfAllowed: number;
  delivered: number;
  duplicates: number;
  missing: number;
  rateLimited: number;
  /** The largest number of 429s any one bucket answered. */
  worstBucket429s: number;
}

export async function benchDelivery(alerts = 2_000, channels = 100): Promise<DeliveryFigures[]> {
  const discord = new FakeDiscord();
  const slack = new FakeSlack();
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-bench-delivery-'));
  const discordUrl = await discord.start();
  const slackUrl = await slack.start();
  const base = loadConfig(bundledConfigDir, { STORE_URL: `sqlite://${dir}/bench.sqlite`, LOG_LEVEL: 'silent' });
  const app = await createApp({ ...base, feeds: [] }, silentLogger);
  const platforms = await startPlatforms(
    app,
    { DISCORD_TOKEN: 'bench-discord-token-0123456789', DISCORD_API_URL: discordUrl, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: slackUrl, PORT: 0 },
    silentLogger,
  );
  try {
    const perChannel = Math.ceil(alerts / channels);
    const discordIdeal = Math.max((alerts - DISCORD_LIMITS.globalPerSecond) / DISCORD_LIMITS.globalPerSecond, (Math.ceil(perChannel / DISCORD_LIMITS.perChannel) - 1) * (DISCORD_LIMITS.perChannelWindowMs / 1000));
    const runs = [
      { platform: 'discord', target: (c: number) => discordChannel(GUILD_ID, String(310000000000000000n + BigInt(c))), idealSeconds: discordIdeal },
      { platform: 'slack', target: (c: number) => slackChannel('T0001', `C${String(c).padStart(8, '0')}`), idealSeconds: perChannel - 1 },
    ];
    const figures: DeliveryFigures[] = [];
    for (const run of runs) {
      const outbox = new Outbox(new OutboxRepository(app.store), new SeenRepository(app.store, 86_400_000), new ItemRepository(app.store), Date.now, silentLogger, undefined, async (batch) =>
        batch.map((alert) => [{ target: run.target(Number(alert.item.id.split('-')[1]) % channels) as TargetId, way: 'instant' as const }]),
      );
      await outbox.handOff(Array.from({ length: alerts }, (_, k) => ({ alert: benchAlert(run.platform, k), seenHashes: [`h${run.platform}${k}`] })));
      const started = process.hrtime.bigint();
      let left = alerts;
      while (left > 0) {
        const report = await outbox.drain(platforms.map((p) => p.channel));
        left = report.waiting + report.failed;
        if (report.delivered === 0 && left > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const titles = run.platform === 'discord' ? discord.messages().map((m) => String((m.body.embeds as Array<{ title?: string }> | undefined)?.[0]?.title ?? '')) : slack.posts().map((p) => p.text);
      const counts = new Map<number, number>();
      for (const title of titles) {
        const k = Number(/bench alert (\d+)/.exec(title)?.[1] ?? -1);
        if (k >= 0) counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const buckets = run.platform === 'discord' ? [...discord.rateLimited.values()] : [...slack.rateLimitedByChannel.values()];
      figures.push({
        platform: run.platform,
        alerts,
        channels,
        seconds: round(seconds),
        perSecond: round(alerts / seconds),
        idealSeconds: round(run.idealSeconds),
        shareOfAllowed: round(run.idealSeconds / seconds),
        delivered: counts.size,
        duplicates: [...counts.values()].reduce((sum, n) => sum + n - 1, 0),
        missing: alerts - counts.size,
        rateLimited: buckets.reduce((sum, n) => sum + n, 0),
        worstBucket429s: Math.max(0, ...buckets),
      });
    }
    return figures;
  } finally {
    for (const platform of platforms) await platform.stop().catch(() => undefined);
    await app.close();
    await discord.stop();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchAlert(platform: string, k: number): Alert {
  const title = `Operators widen 5G coverage in district ${k % 97}: bench alert ${k}`;
  return {
    feed: { id: 'bench', name: 'Bench wire' },
    item: {
      feedId: 'bench',
      id: `${platform}-${k}`,
      title,
      link: `https://news.example/${platform}/${k}`,
      titleFromText: false,
      published: new Date(Date.UTC(2024, 9, 1, 0, k % 60)).toISOString(),
      text: '',
      html: '',
      categories: [],
      topics: [{ id: '5g', score: 4, matched: ['5G'] }],
      summary: `Carriers switched on new 5G sites in district ${k % 97}, adding capacity for factories and ports.`,
      events: [],
    },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1]?.endsWith('bench-delivery.js')) {
  const [alerts, channels] = process.argv.slice(2).map(Number);
  for (const line of await benchDelivery(alerts || 2_000, channels || 100)) console.log(JSON.stringify(line));
}
