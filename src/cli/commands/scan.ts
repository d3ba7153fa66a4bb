import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { createAnalyzer } from '../../analysis/analyze.js';
import { createFeedSource } from '../../app/compose.js';
import { chooseStrategy, identify } from '../../feeds/identify/item-identity.js';
import { decodeFeed } from '../../feeds/parse/decode.js';
import { parseFeed } from '../../feeds/parse/parse-feed.js';
import { ConsoleChannel } from '../../platforms/console/console-channel.js';
import { openTopicCatalog } from '../../topics/open-catalog.js';
import { type GlobalOptions, loadContext } from '../context.js';
import { toScanRecord } from '../format/scan-record.js';
import { type CliIo, UsageError } from '../io.js';

interface ScanOptions {
  json?: boolean;
  now?: string;
}

export function registerScan(program: Command, io: CliIo): void {
  program
    .command('scan')
    .description('read one feed (URL or file) and print every item as analyzed, without touching the store')
    .argument('<source>', 'an http(s) feed URL or a path to a feed file')
    .option('--json', 'one JSON object per line: {feed, id, title, link, published, topics, summary, events}')
    .option('--now <instant>', 'the ISO-8601 instant that "upcoming" is judged by (default: now)')
    .action(async (source: string, options: ScanOptions) => {
      const now = options.now === undefined ? Date.now() : Date.parse(options.now);
      if (Number.isNaN(now)) throw new UsageError(`--now "${options.now}" is not an ISO-8601 instant: write e.g. 2024-11-01T00:00:00Z`);
      const { config, logger } = loadContext(program.opts<GlobalOptions>(), io, { logLevel: 'warn' });
      const url = /^https?:\/\//i.test(source) || /^file:\/\//i.test(source) ? source : pathToFileURL(path.resolve(source)).href;
      const feedSource = createFeedSource(config);
      // Topics as in force (config plus admins' changes): the store is read, never written.
      const topics = await openTopicCatalog(config);
      const analyze = createAnalyzer(await topics.catalog.compiled(), { summaryChars: config.settings.summary.maxChars });
      await topics.store.close();
      try {
        const fetched = await feedSource.fetch({ url });
        if (fetched.kind !== 'body') throw new UsageError(`${source} answered "not modified" to a plain request`);
        const decoded = decodeFeed(fetched.body, fetched.contentType);
        const parsed = await parseFeed(decoded.text, fetched.finalUrl);
        const feedName = parsed.title ?? source;
        const strategy = chooseStrategy(parsed.items);
        const items = identify(parsed.items, strategy).map(({ item, id }) => ({ ...item, ...analyze(item), feedId: 'scan', id }));
        if (options.json) {
          for (const item of items) io.out(`${JSON.stringify(toScanRecord(feedName, item))}\n`);
          return;
        }
        io.out(`${feedName}: ${items.length} item${items.length === 1 ? '' : 's'} (encoding ${decoded.encoding}, identity by ${strategy}${parsed.repaired ? ', ill-formed XML repaired' : ''})\n\n`);
        const console = new ConsoleChannel(io.out, { color: io.color, timezone: config.settings.timezone });
        for (const item of items) await console.send('console', { feed: { id: 'scan', name: feedName }, item });
        logger.debug('scan done', { items: items.length, now: new Date(now).toISOString() });
      } finally {
        await feedSource.close();
      }
    });
}
