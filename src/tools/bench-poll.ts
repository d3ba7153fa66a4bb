import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import pLimit from 'p-limit';
import { createApp } from '../app/compose.js';
import { bundledConfigDir, loadConfig } from '../config/load-config.js';
import type { FeedDefinition } from '../model/feed.js';
import { silentLogger } from '../util/logger.js';

/**
 * Poll cycle at scale: N feeds on a loopback server spread over many 127.x addresses (most
 * answer 304, some have new items, a few are slow or failing), through the real poll cycle and
 * SQLite store; beside it, a bare loop of conditional GETs over the same URLs with the same
 * concurrency.
 */
const WORDS = 'wuhan chengdu wuxi shanghai beijing shenzhen hangzhou guiyang hefei nanjing operator satellite quantum fibre cable chip robot factory port grid sensor model cloud network summit expo launch trial pilot standard spectrum antenna module tower campus'.split(' ');
const word = (k: number) => WORDS[k % WORDS.length] as string;
const rss = (n: number, generation: number) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title>${Array.from({ length: 10 }, (_, i) => {
    const k = n * 31 + generation * 17 + i * 7;
    return `<item><guid>${n}-${generation}-${i}</guid><title>${word(k)} ${word(k + 3)} ${word(k + 11)} ${word(k + 19)} report ${n}-${generation}-${i}</title><link>https://feeds.example/${n}/${generation}/${i}</link><description>Operators in ${word(k + 5)} expanded 5G coverage and ${word(k + 13)} capacity.</description></item>`;
  }).join('')}</channel></rss>`;

export async function benchPoll(count: number, concurrency = 64): Promise<Record<string, number>> {
  let generation = 0;
  let served = 0;
  const server: Server = createServer((req, res) => {
    served += 1;
    const n = Number(/\/f\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    const kind = n % 100;
    if (kind === 98) return void res.writeHead(503, { 'retry-after': '600' }).end();
    const changed = kind < 5; // 5% have new items each cycle
    const etag = `"${changed ? generation : 0}"`;
    const reply = () => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(rss(n, changed ? generation : 0));
    };
    if (kind === 99) setTimeout(reply, 1_500); // 1% slow
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const port = (server.address() as AddressInfo).port;
  const hosts = Number(process.env.BENCH_HOSTS ?? 1000);
  const url = (n: number) => `http://127.0.${Math.floor((n % hosts) / 100) % 250}.${1 + (n % 100)}:${port}/f/${n}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-bench-'));
  const base = loadConfig(bundledConfigDir, { STORE_URL: `sqlite://${dir}/bench.sqlite`, LOG_LEVEL: 'silent' });
  const config = { ...base, settings: { ...base.settings, poll: { ...base.settings.poll, concurrency, timeout: 10_000 } }, feeds: [] as FeedDefinition[] };
  const feeds: FeedDefinition[] = Array.from({ length: count }, (_, n) => ({ id: `f${n}`, name: `Feed ${n}`, url: url(n), intervalMs: 30 * 60_000, enabled: true }));
  const app = await createApp(config, silentLogger);
  try {
    // First read of every feed: records everything (not timed).
    await app.cycle.run(feeds, { select: 'all' });
    generation = 1;
    served = 0;
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = process.hrtime.bigint();
    const report = await app.cycle.run(feeds, { select: 'all' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const cycleRequests = served;
    // The bare loop: the same conditional GETs with the same concurrency, nothing else.
    const agent = new Agent({ keepAliveTimeout: 30_000 });
    const limit = pLimit(concurrency);
    served = 0;
    const bareStart = process.hrtime.bigint();
    await Promise.all(
      feeds.map((f, n) =>
        limit(async () => {
          const res = await request(f.url, { headers: { 'if-none-match': `"${n % 100 < 5 ? 1 : 0}"` }, dispatcher: agent });
          await res.body.dump();
        }).catch(() => undefined),
      ),
    );
    const bareSeconds = Number(process.hrtime.bigint() - bareStart) / 1e9;
    await agent.close();
    const storeBytes = readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
    const announced = report.polled.reduce((sum, o) => sum + o.announced, 0);
    return {
      feeds: count,
      cycleSeconds: round(seconds),
      requestsPerSecond: Math.round(cycleRequests / seconds),
      bareRequestsPerSecond: Math.round(count / bareSeconds),
      peakRssMB: Math.round(peak / 1_048_576),
      storeMB: round(storeBytes / 1_048_576),
      newItems: announced,
      failed: report.polled.filter((o) => o.status === 'failed').length,
    };
  } finally {
    await app.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1]?.endsWith('bench-poll.js')) {
  const counts = process.argv.slice(2).map(Number).filter(Boolean);
  for (const count of counts.length ? counts : [1000]) console.log(JSON.stringify(await benchPoll(count)));
}
