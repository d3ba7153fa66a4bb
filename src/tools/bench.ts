import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createAnalyzer } from '../analysis/analyze.js';
import { classify } from '../analysis/topics/classify.js';
import { type CompiledTopics, compileTopics } from '../analysis/topics/compile.js';
import { formatTable } from '../cli/format/table.js';
import { bundledConfigDir, loadConfig } from '../config/load-config.js';
import { generateItems, syntheticTopics } from './bench-data.js';
import { benchAnalysis } from './bench-analysis.js';

/**
 * `npm run bench`: classification speed on one core with the shipped pack and with 500
 * topics. The two run interleaved in rounds, so that a noisy machine affects both alike;
 * the median round is reported.
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

process.stdout.write(`Classification, one core, ${items.length} generated items of ~${averageBytes} characters, median of 7 interleaved rounds\n`);
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

mkdirSync('bench-results', { recursive: true });
const json = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, classification: { itemBytes: averageBytes, results, costRatio500: Math.round(ratio * 100) / 100 }, analysis: { itemsPerSecond: analysisRate }, pipeline };
writeFileSync('bench-results/latest.json', `${JSON.stringify(json, null, 2)}\n`);
process.stdout.write('figures written to bench-results/latest.json\n');
