import type { Command } from 'commander';
import { createApp } from '../../app/compose.js';
import type { AlertChannel } from '../../delivery/alert-channel.js';
import { ConsoleChannel } from '../../platforms/console/console-channel.js';
import { type GlobalOptions, loadContext } from '../context.js';
import { toScanRecord } from '../format/scan-record.js';
import { type CliIo, UsageError } from '../io.js';

interface PollOptions {
  once?: boolean;
  all?: boolean;
  feed?: string[];
  json?: boolean;
}

export function registerPoll(program: Command, io: CliIo): void {
  program
    .command('poll')
    .description('run one poll cycle over every due feed, print what was new, and exit')
    .option('--once', 'one cycle, then exit (the only mode: `ict-radar start` runs on a schedule)')
    .option('--all', 'poll every enabled feed now, due or not')
    .option('--feed <id...>', 'poll only these feeds (by id), due or not')
    .option('--json', 'print new items as JSON lines (the `scan --json` shape) instead of text')
    .action(async (options: PollOptions) => {
      const { config, logger } = loadContext(program.opts<GlobalOptions>(), io);
      const app = await createApp(config, logger);
      let feeds = await app.feeds.all();
      if (options.feed?.length) {
        const unknown = options.feed.filter((id) => !feeds.some((feed) => feed.id === id));
        if (unknown.length) {
          await app.close();
          throw new UsageError(`unknown feed id: ${unknown.join(', ')} (see \`ict-radar feeds list\`)`);
        }
        feeds = feeds.filter((feed) => options.feed?.includes(feed.id));
      }
      try {
        const report = await app.cycle.run(feeds, { select: options.all || options.feed?.length ? 'all' : 'due', startedAt: 0 });
        const channel: AlertChannel = options.json
          ? { name: 'json', serves: (target) => target === 'console', send: async (_target, alert) => io.out(`${JSON.stringify(toScanRecord(alert.feed.name, alert.item))}\n`) }
          : new ConsoleChannel(io.out, { color: io.color, timezone: config.settings.timezone });
        const delivery = await app.outbox.drain([channel]);
        const failed = report.polled.filter((o) => o.status === 'failed' || o.status === 'disabled');
        const summary = `polled ${report.polled.length} feed${report.polled.length === 1 ? '' : 's'} (${report.skipped} not due or disabled): ${delivery.delivered} new item${delivery.delivered === 1 ? '' : 's'}, ${failed.length} failed`;
        io.err(`${summary}\n`);
        for (const outcome of failed) io.err(`  ${outcome.feedId}: ${outcome.error}\n`);
        if (delivery.failed) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
