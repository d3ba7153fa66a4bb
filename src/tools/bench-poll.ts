import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Agent, request } from 'undici';
import pLimit from 'p-limit';
import { createApp } from '../app/compose.js';
import { bundledConfigDir, loadConfig } from '../config/load-config.js';
import type { CycleReport } from '../feeds/poll/poll-cycle.js';
import type { FeedDefinition } from '../model/feed.js';
import { silentLogger } from '../util/logger.js';
import { farmEtag, startFeedFarm } from './loopback/feed-farm.js';

/**
 * Poll cycle at scale: N feeds on a loopback server spread over many 127.x addresses (most
 * answer 304, 5% have new items, 1% are slow, 1% fail), through the real poll cycle and
 * SQLite store; beside it, in the same run, a bare loop of conditional GETs over the same URLs
 * with the same concurrency.
 *
 * Each figure is measured in a process that does only that thing:
 *  - the feed server (tools/loopback/feed-farm) runs apart: its sockets are not ours;
 *  - the first read of every feed (100,000 items recorded) runs in a child and is reported
 *    apart: V8 keeps the pages of a garbage-heavy first read, and the steady cycle's peak
 *    would otherwise be that first read's;
 *  - the bare loop runs in a child, once before the cycle and once after, so that a machine
 *    that drifts (a shared VM does) does not favour either side; its rate is their mean;
 *  - this process opens the stored state and runs the timed cycle. Its peak RSS is the
 *    kernel's high-water mark (VmHWM), reset just before the cycle and read just after it.
 */
export async function benchPoll(count: number, concurrency = 64): Promise<Record<string, number>> {
  const farm = await startFeedFarm();
  const hosts = Number(process.env.BENCH_HOSTS ?? 1000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-bench-'));
  const job: Job = { count, concurrency, port: farm.port, hosts, dir };
  try {
    const firstRead = await inChild('--prime', job);
    await farm.setGeneration(1);
    const bareBefore = await inChild('--bare', job);
    await farm.takeServed();
    const app = await createApp(benchConfig(dir, concurrency), silentLogger);
    let cycle: Measured<CycleReport>;
    try {
      cycle = await measured(() => app.cycle.run(benchFeeds(job), { select: 'all' }));
    } finally {
      await app.close();
    }
    const cycleRequests = await farm.takeServed();
    const bareAfter = await inChild('--bare', job);
    const storeBytes = readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
    const requestsPerSecond = cycleRequests / cycle.seconds;
    const bareRates = [count / bareBefore.seconds, count / bareAfter.seconds];
    const bareRequestsPerSecond = (bareRates[0]! + bareRates[1]!) / 2;
    return {
      feeds: count,
      hosts: Math.min(hosts, count),
      cycleSeconds: round(cycle.seconds),
      requestsPerSecond: Math.round(requestsPerSecond),
      bareRequestsPerSecond: Math.round(bareRequestsPerSecond),
      bareBeforeRequestsPerSecond: Math.round(bareRates[0]!),
      bareAfterRequestsPerSecond: Math.round(bareRates[1]!),
      ratioToBare: round(requestsPerSecond / bareRequestsPerSecond),
      peakRssMB: Math.round(cycle.peakRss / 1_048_576),
      peakHeapMB: Math.round(cycle.peakHeap / 1_048_576),
      // The V8 heap limit in force (e.g. --max-old-space-size), so that a capped run says so.
      heapLimitMB: Math.round(getHeapStatistics().heap_size_limit / 1_048_576),
      storeMB: round(storeBytes / 1_048_576),
      newItems: cycle.result.polled.reduce((sum, o) => sum + o.announced, 0),
      failed: cycle.result.polled.filter((o) => o.status === 'failed').length,
      firstReadSeconds: round(firstRead.seconds),
      firstReadPeakRssMB: Math.round(firstRead.peakRss / 1_048_576),
    };
  } finally {
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Job {
  count: number;
  concurrency: number;
  port: number;
  hosts: number;
  dir: string;
}

interface Measured<T> {
  seconds: number;
  peakRss: number;
  peakHeap: number;
  result: T;
}

function benchFeeds({ count, port, hosts }: Job): FeedDefinition[] {
  const url = (n: number) => `http://127.0.${Math.floor((n % hosts) / 100) % 250}.${1 + (n % 100)}:${port}/f/${n}`;
  return Array.from({ length: count }, (_, n) => ({ id: `f${n}`, name: `Feed ${n}`, url: url(n), intervalMs: 30 * 60_000, enabled: true }));
}

function benchConfig(dir: string, concurrency: number) {
  const base = loadConfig(bundledConfigDir, { STORE_URL: `sqlite://${dir}/bench.sqlite`, LOG_LEVEL: 'silent' });
  return { ...base, settings: { ...base.settings, poll: { ...base.settings.poll, concurrency, timeout: 10_000 } }, feeds: [] as FeedDefinition[] };
}

/** Runs the work with the process's peak RSS (and, sampled, heap) measured over it alone. */
async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const exact = resetHighWaterMark();
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 50);
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  return { seconds, peakRss: exact ? Math.max(peakRss, highWaterMark() ?? 0) : peakRss, peakHeap, result };
}

/** Linux: "5" in clear_refs resets VmHWM to the present RSS. Elsewhere the sampled peak stands. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return highWaterMark() !== undefined;
  } catch {
    return false;
  }
}

function highWaterMark(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * The same conditional GETs with the same concurrency, and nothing else. One connection per
 * origin (an undici Client, as the feed source uses): each URL is asked once, so a Pool per
 * origin would only add its allocation, which made the loop slower and, under a heap cap,
 * the one part of the run to run out of memory.
 */
async function bareLoop(job: Job): Promise<{ seconds: number; peakRss: number }> {
  const feeds = benchFeeds(job);
  const limit = pLimit(job.concurrency);
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const started = process.hrtime.bigint();
  await Promise.all(
    feeds.map((f, n) =>
      limit(async () => {
        const res = await request(f.url, { headers: { 'if-none-match': farmEtag(n, 1) }, dispatcher: agent });
        await res.body.dump();
      }).catch(() => undefined),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await agent.close();
  return { seconds, peakRss: 0 };
}

/**
 * A part of the run in a child process of its own (see benchPoll); it answers with its timing.
 * The first read runs with this process's Node options (a heap cap applies to the worker); the
 * bare loop with none, so that an operator setting never handicaps the reference.
 */
async function inChild(role: '--prime' | '--bare', job: Job): Promise<{ seconds: number; peakRss: number }> {
  const execArgv = role === '--bare' ? [] : process.execArgv;
  const child = fork(fileURLToPath(import.meta.url), [role, JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as { seconds: number; peakRss: number }));
    child.once('exit', (code) => code !== 0 && reject(new Error(`the bench's ${role.slice(2)} process exited with ${code}`)));
  });
}

/** The first read of every feed: every item is new to the store. */
async function prime(job: Job): Promise<{ seconds: number; peakRss: number }> {
  const app = await createApp(benchConfig(job.dir, job.concurrency), silentLogger);
  try {
    const { seconds, peakRss } = await measured(() => app.cycle.run(benchFeeds(job), { select: 'all' }));
    return { seconds, peakRss };
  } finally {
    await app.close();
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const role = process.argv[2];
  if (role === '--prime' || role === '--bare') {
    const job = JSON.parse(process.argv[3] as string) as Job;
    process.send?.(role === '--prime' ? await prime(job) : await bareLoop(job));
    process.disconnect?.();
  } else {
    const counts = process.argv.slice(2).map(Number).filter(Boolean);
    for (const count of counts.length ? counts : [1000]) console.log(JSON.stringify(await benchPoll(count)));
  }
}
