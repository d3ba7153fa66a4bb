import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { createAnalyzer } from '../analysis/analyze.js';
import { classify } from '../analysis/topics/classify.js';
import { type CompiledTopics, compileTopics } from '../analysis/topics/compile.js';
import { formatTable } from '../cli/format/table.js';
import { bundledConfigDir, loadConfig } from '../config/load-config.js';
import { generateItems, syntheticTopics } from './bench-data.js';
import { benchAnalysis } from './bench-analysis.js';

/**
 * `npm run bench`: the four benchmarks of the scale work, each beside its own baseline in the
 * same run, so that a noisy machine cannot fake a ratio.
 *   1. Analysis: classification (shipped pack vs 500 topics, interleaved rounds, median), the
 *      whole analysis per item, and feeds to analysis beside a naive rss-parser + regex pipeline.
 *   2. Poll cycle at scale (1,000 and 10,000 loopback feeds) beside a bare loop of conditional GETs.
 *   3. Delivery of 2,000 alerts to 100 channels through loopback Discord and Slack with their limits.
 *   4. Store: one million seen ids in SQLite.
 *   5. Shared polling on Redis: 10,000 feeds with 1 and 2 worker processes (needs Redis).
 * 2 to 4 run each in a child process of its own, so that one's memory never counts in another's peak.
 */
const config = loadConfig(bundledConfigDir);
const shipped = config.topics;
const items = generateItems(2000, shipped);
const averageBytes = Math.round(items.reduce((sum, item) => sum + item.title.length + item.body.length, 0) / items.length);
const packs: Array<{ name: string; compiled: CompiledTopics }> = [
  { name: `${shipped.length} topics (shipped pack)`, compiled: compileTopics(shipped) },
  { name: '500 topics', compiled: compileTopics(syntheticTopics(500, shipped)) },
];

function round(compiled: CompiledTopics): number {
  const start = process.hrtime.bigint();
  let fired = 0;
  for (const item of items) fired += classify(compiled, item.title, item.body).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (fired < 0) throw new Error('unreachable');
  return items.length / seconds;
}

for (const pack of packs) round(pack.compiled); // warm-up
const rates: number[][] = packs.map(() => []);
for (let r = 0; r < 7; r += 1) packs.forEach((pack, i) => rates[i]?.push(round(pack.compiled)));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const results = packs.map((pack, i) => ({ name: pack.name, itemsPerSecond: Math.round(median(rates[i] as number[])) }));
const ratio = (results[0]?.itemsPerSecond ?? 0) / (results[1]?.itemsPerSecond ?? 1);

process.stdout.write(`1. Analysis\nClassification, one core, ${items.length} generated items of ~${averageBytes} characters, median of 7 interleaved rounds\n`);
process.stdout.write(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.version}\n\n`);
process.stdout.write(formatTable(['PACK', 'ITEMS/S', 'µS/ITEM'], results.map((r) => [r.name, String(r.itemsPerSecond), (1e6 / r.itemsPerSecond).toFixed(1)])));
process.stdout.write(`\ncost of 500 topics relative to the shipped pack: ${ratio.toFixed(2)}× (target: at most 2×); target ≥ 10,000 items/s with the shipped pack\n`);

// The whole analysis of an item: classify, summarize, extract events.
const analyze = createAnalyzer(packs[0]!.compiled);
const feedItems = items.map((item, i) => ({ title: item.title, text: item.body, html: item.body, titleFromText: false, categories: [], published: new Date(Date.UTC(2024, 9, 1 + (i % 28))).toISOString() }));
const analysisRound = (): number => {
  const start = process.hrtime.bigint();
  let found = 0;
  for (const item of feedItems) found += analyze(item).events.length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (found < 0) throw new Error('unreachable');
  return feedItems.length / seconds;
};
analysisRound();
const analysisRate = Math.round(median(Array.from({ length: 5 }, analysisRound)));
process.stdout.write(`\nwhole analysis (classify + summarize + extract events), shipped pack: ${analysisRate} items/s, ${(1e6 / analysisRate).toFixed(1)} µs/item (target ≥ 3,000 items/s)\n`);

// Parse + identify + classify + summarize + extract on 50 feeds of 200 items, beside a naive pipeline.
const pipeline = await benchAnalysis(shipped, packs[0]!.compiled);
process.stdout.write(`\nfeeds to analysis (50 feeds × 200 items, parse + identify + classify + summarize + extract): ${pipeline.itemsPerSecond} items/s; naive pipeline (rss-parser + one regex per term): ${pipeline.naiveItemsPerSecond} items/s; ratio ${pipeline.ratioToNaive}×\n`);
process.stdout.write(`  per item: parse ${pipeline.parseUsPerItem} µs, identify ${pipeline.identifyUsPerItem} µs, classify ${pipeline.classifyUsPerItem} µs, summarize ${pipeline.summarizeUsPerItem} µs, extract ${pipeline.extractUsPerItem} µs\n`);

/** Runs one benchmark script of dist/tools in a child process; each line it prints is one JSON result. */
function child(script: string, args: Array<string | number>): Array<Record<string, number | string>> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const out = execFileSync(process.execPath, [file, ...args.map(String)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
  return out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, number | string>);
}
const n = (value: number | string | undefined) => Number(value ?? 0);
const fmt = (value: number | string | undefined) => n(value).toLocaleString('en-US');

process.stdout.write('\n2. Poll cycle at scale (loopback feeds: 5% new items, 1% slow, 1% failing, the rest 304), beside a bare loop of conditional GETs\n');
const polls = [1_000, 10_000].flatMap((count) => child('./bench-poll.js', [count]));
process.stdout.write(formatTable(['FEEDS', 'CYCLE S', 'REQ/S', 'BARE REQ/S', 'RATIO', 'PEAK RSS MB', 'STORE MB'], polls.map((p) => [fmt(p.feeds), String(p.cycleSeconds), fmt(p.requestsPerSecond), fmt(p.bareRequestsPerSecond), String(p.ratioToBare), String(p.peakRssMB), String(p.storeMB)])));

process.stdout.write('\n3. Delivery: 2,000 alerts to 100 channels through loopback Discord and Slack enforcing their limits\n');
const deliveries = child('./bench-delivery.js', [2_000, 100]);
process.stdout.write(formatTable(['PLATFORM', 'SECONDS', 'MSG/S', 'LEAST S THE LIMITS ALLOW', 'SHARE', 'DELIVERED', 'DUPLICATES', 'MISSING', '429S', 'WORST BUCKET'], deliveries.map((d) => [String(d.platform), String(d.seconds), String(d.perSecond), String(d.idealSeconds), String(d.shareOfAllowed), fmt(d.delivered), String(d.duplicates), String(d.missing), String(d.rateLimited), String(d.worstBucket429s)])));

process.stdout.write('\n4. Store: one million seen-item ids in SQLite (batches of 50, as polls write and read them)\n');
const [store] = child('./bench-store.js', [1_000_000]);
process.stdout.write(formatTable(['IDS', 'INSERTS/S', 'LOOKUPS/S', 'FILE MB', 'PEAK RSS MB'], [[fmt(store?.ids), fmt(store?.insertsPerSecond), fmt(store?.lookupsPerSecond), String(store?.fileMB), String(store?.peakRssMB)]]));

process.stdout.write('\n5. Shared polling on Redis (BullMQ): 10,000 feeds polled by 1, then 2 worker processes\n');
let scale: Array<Record<string, number | string>> = [];
try {
  scale = child('./bench-scale.js', [10_000]);
  process.stdout.write(formatTable(['WORKERS', 'CYCLE S', 'POLLS/S', 'SPEED-UP', 'REDIS MB'], scale.map((r) => [String(r.workers), String(r.cycleSeconds), fmt(r.pollsPerSecond), `${r.speedUp}×`, String(r.redisMB)])));
} catch (error) {
  process.stdout.write(`skipped: ${(error as Error).message.split('\n')[0]} (needs Redis at REDIS_URL, default redis://127.0.0.1:6379)\n`);
}

// The targets of the scale work, met or not.
const big = polls.find((p) => n(p.feeds) === 10_000);
const checks: Array<[string, string, string, boolean]> = [
  ['whole analysis items/s', String(analysisRate), '≥ 3,000', analysisRate >= 3_000],
  ['feeds to analysis vs naive', `${pipeline.ratioToNaive}×`, 'reported', true],
  ['10,000 feeds: cycle', `${big?.cycleSeconds} s`, '< 60 s', n(big?.cycleSeconds) < 60],
  ['10,000 feeds: peak RSS', `${big?.peakRssMB} MB`, '< 300 MB', n(big?.peakRssMB) < 300],
  ['10,000 feeds: request rate vs bare loop', String(big?.ratioToBare), '≥ 0.5', n(big?.ratioToBare) >= 0.5],
  ...deliveries.map((d): [string, string, string, boolean] => [`${d.platform}: share of the allowed rate`, String(d.shareOfAllowed), '≥ 0.9', n(d.shareOfAllowed) >= 0.9]),
  ...deliveries.map((d): [string, string, string, boolean] => [`${d.platform}: delivered once / 429s per bucket`, `${d.missing} missing, ${d.duplicates} doubled, worst bucket ${d.worstBucket429s}`, '0, 0, ≤ 1', n(d.missing) === 0 && n(d.duplicates) === 0 && n(d.worstBucket429s) <= 1]),
];
process.stdout.write('\nTargets\n');
process.stdout.write(formatTable(['MEASURE', 'FIGURE', 'TARGET', 'MET'], checks.map(([what, figure, target, met]) => [what, figure, target, met ? 'yes' : 'NO'])));

mkdirSync('bench-results', { recursive: true });
const json = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  classification: { itemBytes: averageBytes, results, costRatio500: Math.round(ratio * 100) / 100 },
  analysis: { itemsPerSecond: analysisRate },
  pipeline,
  poll: polls,
  delivery: deliveries,
  store,
  scale,
  targets: checks.map(([measure, figure, target, met]) => ({ measure, figure, target, met })),
};
writeFileSync('bench-results/latest.json', `${JSON.stringify(json, null, 2)}\n`);
process.stdout.write('figures written to bench-results/latest.json\n');
