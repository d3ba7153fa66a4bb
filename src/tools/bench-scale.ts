import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@keyv/redis';
import { Queue } from 'bullmq';

/**
 * Shared polling at scale: N loopback feeds polled through the BullMQ queue on Redis by 1 and
 * then 2 worker processes (`ict-radar start --role worker`), state in Redis too. Each run
 * primes the feeds (first read), then times one whole cycle: every feed enqueued, until the
 * queue is empty. Reported: the cycle's wall time, polls per second, the speed-up of two
 * workers over one, and the memory Redis uses. Feeds: 5% with new items, 1% slow, 1% failing,
 * the rest answer 304; spread over many 127.x addresses so that per-host limits do not bind.
 */
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function feedServer(): Promise<{ server: Server; port: number; setGeneration(g: number): void }> {
  let generation = 0;
  const server = createServer((req, res) => {
    const n = Number(/\/f\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    const kind = n % 100;
    if (kind === 98) return void res.writeHead(503, { 'retry-after': '1' }).end();
    const version = kind < 5 ? generation : 0;
    const etag = `"${version}"`;
    const reply = () => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      const items = Array.from({ length: 10 }, (_, i) => `<item><guid>${n}-${version}-${i}</guid><title>Operators in district ${n} switch on 5G sites, wave ${version} part ${i}</title></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title>${items}</channel></rss>`);
    };
    if (kind === 99) setTimeout(reply, 1_500);
    else reply();
  });
  return new Promise((resolve) => server.listen(0, '0.0.0.0', () => resolve({ server, port: (server.address() as AddressInfo).port, setGeneration: (g) => (generation = g) })));
}

async function redisMemoryBytes(): Promise<number> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  const info = await client.info('memory');
  await client.close();
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function dropKeys(prefix: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await client.unlink(keys);
  await client.close();
}

function startWorker(dir: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(process.env.BENCH_WORKER_NODE_OPTIONS ?? '').split(' ').filter(Boolean), cli, '--config', dir, 'start', '--role', 'worker'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('poll worker started')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`a worker exited (${code}) before starting:\n${err.slice(-2000)}`)));
  });
}

async function cycle(queue: Queue, count: number, label: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let from = 0; from < count; from += 1_000) {
    await queue.addBulk(Array.from({ length: Math.min(1_000, count - from) }, (_, i) => ({ name: 'poll', data: { feedId: `f${from + i}` }, opts: { jobId: `f${from + i}@${label}`, removeOnComplete: true, removeOnFail: true } })));
  }
  for (;;) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export async function benchScale(count = 10_000, workerCounts = [1, 2]): Promise<Array<Record<string, number>>> {
  const farm = await feedServer();
  const results: Array<Record<string, number>> = [];
  try {
    for (const workers of workerCounts) {
      const run = `bench-scale-${process.pid}-${workers}`;
      const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-bench-scale-'));
      const hosts = 1_000;
      const url = (n: number) => `http://127.0.${Math.floor((n % hosts) / 100) % 250}.${1 + (n % 100)}:${farm.port}/f/${n}`;
      writeFileSync(path.join(dir, 'settings.yaml'), `poll:\n  interval: 1s\n  minInterval: 1s\n  timeout: 10s\nqueue:\n  prefix: ${run}-q\n  concurrency: 64\nlog:\n  format: json\n`);
      writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n${Array.from({ length: count }, (_, n) => `  - { id: f${n}, name: Feed ${n}, url: "${url(n)}" }\n`).join('')}`);
      const env = { STORE_URL: `${redisUrl}${redisUrl.includes('?') ? '&' : '?'}prefix=${run}-s`, QUEUE_URL: redisUrl, ICT_RADAR_CONFIG: dir };
      const memoryBefore = await redisMemoryBytes();
      const children = await Promise.all(Array.from({ length: workers }, () => startWorker(dir, env)));
      const queue = new Queue('ict-radar-polls', { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: `${run}-q` });
      try {
        farm.setGeneration(0);
        const primeSeconds = await cycle(queue, count, 'prime');
        farm.setGeneration(1);
        await new Promise((resolve) => setTimeout(resolve, 1_500)); // every feed due again (1 s interval)
        const seconds = await cycle(queue, count, 'measured');
        results.push({ workers, feeds: count, primeSeconds: round(primeSeconds), cycleSeconds: round(seconds), pollsPerSecond: Math.round(count / seconds), redisMB: round((await redisMemoryBytes()) / 1_048_576), redisGrowthMB: round(((await redisMemoryBytes()) - memoryBefore) / 1_048_576) });
      } finally {
        await queue.close();
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)))));
        await dropKeys(run);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    farm.server.closeAllConnections();
    farm.server.close();
  }
  const one = results.find((r) => r.workers === 1);
  for (const r of results) r.speedUp = one ? round((one.cycleSeconds ?? 0) / (r.cycleSeconds ?? 1)) : 1;
  return results;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1]?.endsWith('bench-scale.js')) {
  const count = Number(process.argv[2]) || 10_000;
  for (const line of await benchScale(count)) console.log(JSON.stringify(line));
}
