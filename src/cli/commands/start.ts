import { type Command, Option } from 'commander';
import { createApp } from '../../app/compose.js';
import { ConsoleChannel } from '../../platforms/console/console-channel.js';
import { redactUrl } from '../../store/open-store.js';
import { Worker } from '../../worker/worker.js';
import { startPlatforms } from '../../app/platforms.js';
import { startOps } from '../../ops/start-ops.js';
import { readEnvironment } from '../../config/environment.js';
import { pollQueueDepth, type Running, startPollWorker, startScheduler } from '../../scale/poll-queue.js';
import { dueFeedsOf, pollJobOf } from '../../scale/shared-polling.js';
import { type GlobalOptions, loadContext } from '../context.js';
import { type CliIo, UsageError } from '../io.js';

export const ROLES = ['all', 'scheduler', 'worker', 'bot'] as const;
type Role = (typeof ROLES)[number];

/**
 * What each role does. `all` is the single process of a small deployment. With QUEUE_URL set,
 * processes share the work: schedulers enqueue due feeds (one tick across all of them),
 * workers poll, bots hold the chat connections and deliver from the shared outbox.
 */
const DUTIES: Record<Role, { schedule: boolean; poll: boolean; chat: boolean }> = {
  all: { schedule: true, poll: true, chat: true },
  scheduler: { schedule: true, poll: false, chat: false },
  worker: { schedule: false, poll: true, chat: false },
  bot: { schedule: false, poll: false, chat: true },
};

export function registerStart(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('run the long-running worker: poll feeds on their schedules and deliver alerts until stopped (Ctrl-C or SIGTERM)')
    .addOption(new Option('--role <role>', 'what this process does; scheduler, worker and bot share the work through QUEUE_URL').choices(ROLES).default(io.env.ICT_RADAR_ROLE ?? 'all'))
    .action(async (options: { role: Role }) => {
      const { config, logger } = loadContext(program.opts<GlobalOptions>(), io);
      const env = readEnvironment(io.env);
      const role = options.role;
      if (role !== 'all' && !env.QUEUE_URL) {
        throw new UsageError(`--role ${role} shares the work with other processes through a queue: set QUEUE_URL=redis://host:6379 (the Redis all of them use), or run --role all alone`);
      }
      const duties = DUTIES[role];
      // Listen for Ctrl-C and SIGTERM from the first moment, so that a stop during start-up is clean too.
      const stopRequested = io.untilSignal();
      const app = await createApp(config, logger);
      const startedAt = Date.now();
      const platforms = duties.chat ? await startPlatforms(app, env, logger) : [];
      const worker = new Worker({
        // With a queue, polls come as jobs (below); alone, this worker's ticks poll what is due.
        feeds: () => (duties.poll && !env.QUEUE_URL ? app.feeds.all() : []),
        cycle: app.cycle,
        outbox: app.outbox,
        // One process at a time hands off due reminders and digests, when several share the store.
        ...(duties.schedule
          ? {
              reminders: { handOffDue: async (now: number) => (await app.exclusively('clock:reminders', 60_000, () => app.reminders.handOffDue(now))) ?? 0 },
              digests: { handOffDue: async (now: number) => (await app.exclusively('clock:digests', 60_000, () => app.digests.handOffDue(now))) ?? 0 },
            }
          : {}),
        channels: duties.chat ? [new ConsoleChannel(io.out, { color: io.color, timezone: config.settings.timezone }), ...platforms.map((p) => p.channel)] : [],
        tickMs: config.settings.poll.tick,
        logger,
        now: Date.now,
      });
      logger.info('store opened', { store: redactUrl(config.settings.store.url), role });
      if (!env.QUEUE_URL && /^(redis|rediss|postgres|postgresql):/i.test(config.settings.store.url)) {
        // Delivery is shared safely (leases), but the polling is shared only through the queue.
        logger.warn('the store is shared, but QUEUE_URL is not set: run one process per store this way, or set QUEUE_URL to share the polling between several');
      }
      const shared: Running[] = [];
      let queueDepth: (() => Promise<number>) | undefined;
      if (env.QUEUE_URL) {
        const queue = { url: env.QUEUE_URL, prefix: config.settings.queue.prefix, tickMs: config.settings.poll.tick, concurrency: config.settings.queue.concurrency, stallMs: config.settings.queue.stallTimeout, logger };
        if (duties.schedule) {
          const scheduler = await startScheduler(queue, dueFeedsOf(app, startedAt));
          queueDepth = () => pollQueueDepth(scheduler.polls);
          shared.push(scheduler);
        }
        if (duties.poll) shared.push(await startPollWorker(queue, pollJobOf(app, (report) => worker.reportPolls(report))));
      }
      await startOps(app, worker, env, logger, queueDepth ? { pollQueueDepth: queueDepth } : {});
      worker.start();
      // A store that can no longer save (locked, full, a failing disk) stops the worker: polling
      // on would find items it cannot remember. Nothing unsaved was marked seen, so the next
      // start polls it again. A failing feed or item never gets here: the poll records it.
      const stop = await Promise.race([stopRequested.then((signal) => ({ signal })), app.store.failed.then((failure) => ({ failure }))]);
      if ('failure' in stop) logger.error('the store failed; stopping', { error: stop.failure.message });
      else logger.info('stopping', { signal: stop.signal });
      // Queue work first: a poll job in flight finishes (or is left for another worker).
      await Promise.all(shared.map((running) => running.close()));
      await worker.stop();
      await Promise.all(platforms.map((p) => p.stop()));
      await app.close();
      // main prints it and exits with code 1.
      if ('failure' in stop) throw stop.failure;
    });
}
