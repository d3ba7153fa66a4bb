import path from 'node:path';
import type { Command } from 'commander';
import { createApp } from '../../app/compose.js';
import { bundledConfigDir, loadConfig } from '../../config/load-config.js';
import { ConsoleChannel } from '../../platforms/console/console-channel.js';
import { describeEvent } from '../../platforms/console/render-alert.js';
import { createLogger } from '../../util/logger.js';
import type { CliIo } from '../io.js';

/**
 * The offline demo: the real pipeline (fetch, decode, parse, identify, outbox, console
 * delivery) over sample feeds that ship in config/demo, on an in-memory store. A second
 * cycle over the same feeds shows that nothing is announced twice.
 */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('run two poll cycles over the bundled sample feeds (offline, in memory) and print the alerts')
    .action(async () => {
      // The demo's own feeds and settings, with the shipped topic pack.
      const config = { ...loadConfig(path.join(bundledConfigDir, 'demo'), { STORE_URL: 'memory://' }), topics: loadConfig(bundledConfigDir).topics };
      const logger = createLogger({ level: 'warn', write: (line) => io.err(`${line}\n`) });
      const app = await createApp(config, logger);
      const console = new ConsoleChannel(io.out, { color: io.color, timezone: config.settings.timezone });
      const heading = (text: string) => io.out(`${io.color ? `\u001b[1;33m${text}\u001b[0m` : text}\n\n`);
      try {
        heading(`ict-radar demo: ${config.feeds.length} sample feeds from ${path.relative(process.cwd(), config.dir) || config.dir}, store in memory`);
        heading('── Cycle 1: first read of every feed ──');
        const first = await app.cycle.run(config.feeds, { select: 'all' });
        const delivered = await app.outbox.drain([console]);
        for (const outcome of first.polled.filter((o) => o.error)) io.out(`  ! ${outcome.feedId}: ${outcome.error}\n`);
        heading(`── Cycle 1 done: ${first.polled.length} feeds read, ${delivered.delivered} alerts delivered ──`);
        heading('── Cycle 2: the same feeds again ──');
        const second = await app.cycle.run(config.feeds, { select: 'all' });
        const again = await app.outbox.drain([console]);
        const unchanged = second.polled.filter((o) => o.status === 'not-modified').length;
        heading(`── Cycle 2 done: ${again.delivered} new alerts (${unchanged} feeds unchanged since the last read; nothing is announced twice) ──`);
        // The samples are dated 2024: list the whole calendar rather than what is upcoming today.
        const events = await app.calendar.upcoming({ today: '2000-01-01' });
        heading(`── Conference calendar: ${events.length} events found in the news ──`);
        for (const event of events) io.out(`  ${describeEvent(event)}  ${event.name}  (${event.sources.length} source${event.sources.length === 1 ? '' : 's'})\n`);
        io.out('\n');
      } finally {
        await app.close();
      }
    });
}
