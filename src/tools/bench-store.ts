import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { openStore } from '../store/open-store.js';
import { SeenRepository } from '../store/seen-repository.js';
import { shortHash } from '../util/hash.js';

/**
 * The seen-id store at scale: `count` hashed ids in a fresh SQLite file, written and read
 * the way polls do (SeenRepository.mark / seenAmong, 50 hashes per call: 25 items, each an
 * id and a fingerprint), spread over 1,000 feeds and run with the poll cycle's default
 * concurrency, so that the figures are the ones the worker would see.
 */
const FEEDS = 1000;
const BATCH = 50;
const CONCURRENCY = 32;
const RETENTION_MS = 400 * 86_400_000;

export async function benchStore(count = 1_000_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-bench-store-'));
  const store = await openStore(`sqlite://${dir}/bench.sqlite`);
  const seen = new SeenRepository(store, RETENTION_MS);
  const perFeed = Math.ceil(count / FEEDS);
  let hashSeconds = 0;
  // Hashing is part of a poll's work but not the store's: it is timed apart, to tell the two.
  const hashes = (feed: number, from: number, to: number) => {
    const started = process.hrtime.bigint();
    const out: string[] = [];
    for (let n = from; n < to; n += 1) out.push(shortHash(`https://feeds.example/${feed}/item/${n}`));
    hashSeconds += Number(process.hrtime.bigint() - started) / 1e9;
    return out;
  };
  // Each task is one feed's polls in order; feeds run side by side as in a cycle.
  const overFeeds = (perBatch: (feed: number, from: number, to: number) => Promise<void>) => {
    const limit = pLimit(CONCURRENCY);
    return Promise.all(
      Array.from({ length: FEEDS }, (_, feed) =>
        limit(async () => {
          const end = Math.min(perFeed, count - feed * perFeed);
          for (let from = 0; from < end; from += BATCH) await perBatch(feed, from, Math.min(from + BATCH, end));
        }),
      ),
    );
  };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const at = Date.now();
    const insertStart = process.hrtime.bigint();
    await overFeeds((feed, from, to) => seen.mark(`feed-${feed}`, hashes(feed, from, to), at));
    const insertSeconds = Number(process.hrtime.bigint() - insertStart) / 1e9;
    const insertHashSeconds = hashSeconds;
    hashSeconds = 0;

    // A poll of a known feed asks about what it lists: mostly seen, some new. Here 4 in 5 of
    // each batch are stored ids, 1 in 5 ids never stored (shifted past the feed's range).
    let looked = 0;
    let hits = 0;
    const lookupStart = process.hrtime.bigint();
    await overFeeds(async (feed, from, to) => {
      const batch = hashes(feed, from, to).map((hash, i) => (i % 5 === 4 ? shortHash(`miss/${feed}/${from + i}`) : hash));
      looked += batch.length;
      const found = await seen.seenAmong(`feed-${feed}`, batch);
      hits += found.size; // after the await: `hits += await …` would read hits before it
    });
    const lookupSeconds = Number(process.hrtime.bigint() - lookupStart) / 1e9;
    clearInterval(sampler);
    const bytes = (suffix: string) => readdirSync(dir).filter((f) => f.endsWith(suffix)).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
    return {
      ids: count,
      feeds: FEEDS,
      batch: BATCH,
      concurrency: CONCURRENCY,
      insertSeconds: round(insertSeconds),
      insertsPerSecond: Math.round(count / insertSeconds),
      lookupSeconds: round(lookupSeconds),
      lookupsPerSecond: Math.round(looked / lookupSeconds),
      hitRate: round(hits / looked),
      insertHashSeconds: round(insertHashSeconds),
      lookupHashSeconds: round(hashSeconds),
      dbMB: round(bytes('.sqlite') / 1_048_576),
      walMB: round(bytes('-wal') / 1_048_576),
      fileMB: round((bytes('.sqlite') + bytes('-wal')) / 1_048_576),
      peakRssMB: Math.round(peak / 1_048_576),
    };
  } finally {
    clearInterval(sampler);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1]?.endsWith('bench-store.js')) {
  const count = Number(process.argv[2]) || undefined;
  console.log(JSON.stringify(await benchStore(count)));
}
