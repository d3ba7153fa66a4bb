import { type ConnectionOptions, Queue, Worker as QueueWorker } from 'bullmq';
import { describeError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

/**
 * Polling shared by several processes, on BullMQ (Redis):
 *  - The schedule: a BullMQ job scheduler puts one `tick` job on the ticks queue every tick,
 *    however many scheduler processes ask for it (upsertJobScheduler is idempotent across
 *    processes); whichever scheduler takes the job enqueues the feeds that are due.
 *  - The polls: one job per feed and poll generation (its id names the feed and its last poll,
 *    so a feed already waiting is not enqueued twice); any worker process takes them. A worker
 *    that dies mid-job stops renewing its lock, and after `stallMs` another worker's stalled-job
 *    check puts the job back for someone else.
 * A feed is still polled at most once per interval when workers race: the job re-checks that
 * the feed is due, under the feed's lease, before fetching (see the poll callback).
 */
export interface PollQueueOptions {
  /** QUEUE_URL: the Redis that carries the queues. */
  url: string;
  /** Key prefix of the queues in Redis, so that two deployments can share one server. */
  prefix?: string;
  tickMs: number;
  /** Poll jobs one worker process runs at once. */
  concurrency: number;
  /** How long a silent worker's job stays locked before another worker takes it over. */
  stallMs: number;
  logger: Logger;
}

export interface DueFeed {
  id: string;
  /** The feed's last poll (or 'never'): with the id, it names the poll generation. */
  generation: string;
}

export interface Running {
  close(): Promise<void>;
}

const TICKS = 'ict-radar-ticks';
const POLLS = 'ict-radar-polls';

function connection(url: string): ConnectionOptions {
  // BullMQ's blocking reads need maxRetriesPerRequest null; a lost Redis is retried, not fatal.
  return { url, maxRetriesPerRequest: null } as ConnectionOptions;
}

/** The scheduler role: takes the ticks and enqueues the due feeds; `onTick` runs the clock's other work (reminders, digests). */
export async function startScheduler(options: PollQueueOptions, dueFeeds: (now: number) => Promise<DueFeed[]>, onTick?: (now: number) => Promise<void>): Promise<Running & { polls: Queue }> {
  const prefix = options.prefix ?? 'ict-radar';
  const ticks = new Queue(TICKS, { connection: connection(options.url), prefix });
  const polls = new Queue(POLLS, { connection: connection(options.url), prefix });
  await ticks.upsertJobScheduler('poll-schedule', { every: options.tickMs }, { name: 'tick', opts: { removeOnComplete: true, removeOnFail: 100 } });
  const worker = new QueueWorker(
    TICKS,
    async () => {
      const now = Date.now();
      const due = await dueFeeds(now);
      if (due.length) {
        await polls.addBulk(due.map((feed) => ({ name: 'poll', data: { feedId: feed.id }, opts: { jobId: `${feed.id}@${feed.generation}`, removeOnComplete: { age: 3_600 }, removeOnFail: { age: 86_400 }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } } })));
        options.logger.debug('due feeds enqueued', { count: due.length });
      }
      await onTick?.(now);
    },
    { connection: connection(options.url), prefix, concurrency: 1 },
  );
  worker.on('failed', (_job, error) => options.logger.error('scheduler tick failed', { error: describeError(error) }));
  worker.on('error', (error) => options.logger.warn('scheduler queue connection trouble', { error: describeError(error) }));
  options.logger.info('scheduler started', { every: `${options.tickMs}ms` });
  return {
    polls,
    async close() {
      await worker.close();
      await ticks.close();
      await polls.close();
    },
  };
}

/** The worker role: takes poll jobs, `concurrency` at a time. */
export async function startPollWorker(options: PollQueueOptions, poll: (feedId: string) => Promise<void>): Promise<Running> {
  const prefix = options.prefix ?? 'ict-radar';
  const worker = new QueueWorker(POLLS, async (job) => poll(String((job.data as { feedId: unknown }).feedId)), {
    connection: connection(options.url),
    prefix,
    concurrency: options.concurrency,
    lockDuration: options.stallMs,
    stalledInterval: Math.max(1_000, Math.floor(options.stallMs / 2)),
    maxStalledCount: 3,
  });
  worker.on('failed', (job, error) => options.logger.warn('poll job failed', { feed: (job?.data as { feedId?: string } | undefined)?.feedId, error: describeError(error) }));
  worker.on('error', (error) => options.logger.warn('poll queue connection trouble', { error: describeError(error) }));
  await worker.waitUntilReady();
  options.logger.info('poll worker started', { concurrency: options.concurrency });
  return { close: () => worker.close() };
}

/** Jobs waiting, running and delayed on the poll queue (for /metrics). */
export async function pollQueueDepth(polls: Queue): Promise<number> {
  const counts = await polls.getJobCounts('wait', 'active', 'delayed', 'prioritized');
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
