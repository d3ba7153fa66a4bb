import Parser from 'rss-parser';
import { extractEvents } from '../analysis/events/extract-events.js';
import { summarize } from '../analysis/summary/summarize.js';
import { classify } from '../analysis/topics/classify.js';
import type { CompiledTopics } from '../analysis/topics/compile.js';
import type { TopicDefinition } from '../analysis/topics/topic-model.js';
import { chooseStrategy, identify } from '../feeds/identify/item-identity.js';
import { decodeFeed } from '../feeds/parse/decode.js';
import { parseFeed } from '../feeds/parse/parse-feed.js';
import { generateItems } from './bench-data.js';

/**
 * The whole analysis on generated feeds (50 feeds of 200 items of ~1.5 KB): parse, identify,
 * classify, summarize, extract, with the time of each stage; beside it, in the same run, a
 * naive pipeline (rss-parser, then one regular expression per term per topic).
 */
export async function benchAnalysis(topics: TopicDefinition[], compiled: CompiledTopics, feedCount = 50, perFeed = 200): Promise<Record<string, number>> {
  const items = generateItems(feedCount * perFeed, topics, 1500, 99);
  const escape = (t: string) => t.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
  const feeds = Array.from({ length: feedCount }, (_, f) =>
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${f}</title>${items
        .slice(f * perFeed, (f + 1) * perFeed)
        .map((it, i) => `<item><guid>${f}-${i}</guid><title>${escape(it.title)}</title><link>https://feeds.example/${f}/${i}</link><pubDate>${new Date(Date.UTC(2024, 9, 1 + (i % 28))).toUTCString()}</pubDate><description>${escape(`<p>${it.body}</p>`)}</description></item>`)
        .join('')}</channel></rss>`,
    ),
  );
  const total = feedCount * perFeed;
  const stage = { parse: 0, identify: 0, classify: 0, summarize: 0, extract: 0 };
  const time = <T>(key: keyof typeof stage, run: () => T): T => {
    const start = process.hrtime.bigint();
    const result = run();
    stage[key] += Number(process.hrtime.bigint() - start) / 1e9;
    return result;
  };
  const ours = async () => {
    for (const key of Object.keys(stage) as Array<keyof typeof stage>) stage[key] = 0;
    const start = process.hrtime.bigint();
    for (const bytes of feeds) {
      const startParse = process.hrtime.bigint();
      const parsed = await parseFeed(decodeFeed(bytes, 'application/rss+xml').text);
      stage.parse += Number(process.hrtime.bigint() - startParse) / 1e9;
      const identified = time('identify', () => identify(parsed.items, chooseStrategy(parsed.items)));
      for (const { item } of identified) {
        const matched = time('classify', () => classify(compiled, item.title, item.text));
        time('summarize', () => summarize({ title: item.title, text: item.text, terms: matched.flatMap((m) => m.matched) }));
        time('extract', () => extractEvents({ title: item.title, text: item.text, published: item.published, ictItem: matched.length > 0 }));
      }
    }
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  // The naive pipeline: rss-parser as it comes, and a case-insensitive regular expression per term.
  const patterns = topics.map((t) => t.terms.map((term) => new RegExp(`\\b${term.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i')));
  const naive = async () => {
    const start = process.hrtime.bigint();
    let hits = 0;
    for (const bytes of feeds) {
      const parsed = await new Parser().parseString(bytes.toString('utf8'));
      for (const item of parsed.items) {
        const text = `${item.title ?? ''} ${item.contentSnippet ?? ''}`;
        for (const topic of patterns) if (topic.some((p) => p.test(text))) hits += 1;
      }
    }
    if (hits < 0) throw new Error('unreachable');
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  await ours();
  await naive();
  const oursSeconds: number[] = [];
  const naiveSeconds: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    oursSeconds.push(await ours());
    naiveSeconds.push(await naive());
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
  const oursRate = total / median(oursSeconds);
  const naiveRate = total / median(naiveSeconds);
  const perStage = Object.fromEntries(Object.entries(stage).map(([k, v]) => [`${k}UsPerItem`, Math.round((v / total) * 1e6 * 10) / 10]));
  return { items: total, itemsPerSecond: Math.round(oursRate), naiveItemsPerSecond: Math.round(naiveRate), ratioToNaive: Math.round((oursRate / naiveRate) * 100) / 100, ...perStage };
}
