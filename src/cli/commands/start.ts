import type { Command } from 'commander';
import { createApp } from '../../app/compose.js';
import { ConsoleChannel } from '../../platforms/console/console-channel.js';
import { redactUrl } from '../../store/open-store.js';
import { Worker } from '../../worker/worker.js';
import { startPlatforms } from '../../app/platforms.js';
import { startOps } from '../../ops/start-ops.js';
import { readEnvironment } from '../../config/environment.js';
import { type GlobalOptions, loadContext } from '../context.js';
import type { CliIo } from '../io.js';

export function registerStart(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('run the long-running worker: poll feeds on their schedules and deliver alerts until stopped (Ctrl-C or SIGTERM)')
    .action(async () => {
      const { config, logger } = loadContext(program.opts<GlobalOptions>(), io);
      // Listen for Ctrl-C and SIGTERM from the first moment, so that a stop during start-up is clean too.
      const stopRequested = io.untilSignal();
      const app = await createApp(config, logger);
      const platforms = await startPlatforms(app, readEnvironment(io.env), logger);
      const worker = new Worker({
        feeds: () => app.feeds.all(),
        cycle: app.cycle,
        outbox: app.outbox,
        // One process at a time hands off due reminders and digests, when several share the store.
        reminders: { handOffDue: async (now) => (await app.exclusively('clock:reminders', 60_000, () => app.reminders.handOffDue(now))) ?? 0 },
        digests: { handOffDue: async (now) => (await app.exclusively('clock:digests', 60_000, () => app.digests.handOffDue(now))) ?? 0 },
        channels: [new ConsoleChannel(io.out, { color: io.color, timezone: config.settings.timezone }), ...platforms.map((p) => p.channel)],
        tickMs: config.settings.poll.tick,
        logger,
        now: Date.now,
      });
      logger.info('store opened', { store: redactUrl(config.settings.store.url) });
      await startOps(app, worker, readEnvironment(io.env), logger);
      worker.start();
      // A store that can no longer save (locked, full, a failing disk) stops the worker: polling
      // on would find items it cannot remember. Nothing unsaved was marked seen, so the next
      // start polls it again. A failing feed or item never gets here: the poll records it.
      const stop = await Promise.race([stopRequested.then((signal) => ({ signal })), app.store.failed.then((failure) => ({ failure }))]);
      if ('failure' in stop) logger.error('the store failed; stopping', { error: stop.failure.message });
      else logger.info('stopping', { signal: stop.signal });
      await worker.stop();
      await Promise.all(platforms.map((p) => p.stop()));
      await app.close();
      // main prints it and exits with code 1.
      if ('failure' in stop) throw stop.failure;
    });
}
