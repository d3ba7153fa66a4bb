import cron, { type ScheduledTask } from 'node-cron';
import type { AlertChannel } from '../delivery/alert-channel.js';
import type { DrainReport, Outbox } from '../delivery/outbox.js';
import type { CycleReport, PollCycle } from '../feeds/poll/poll-cycle.js';
import type { FeedDefinition } from '../model/feed.js';
import type { TargetId } from '../model/target.js';
import { describeError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { type MessageKind, observedChannels } from './observed-channels.js';

/** Told what the worker does, for metrics; every method is optional and must not throw. */
export interface WorkerObserver {
  /** Each round's poll report. */
  polled?(report: CycleReport): void;
  /** Each delivery run's report, once per run (concurrent drains share one run and one report). */
  drained?(report: DrainReport): void;
  /** A message a platform accepted (the report has no targets, so no platforms). */
  delivered?(target: TargetId, kind: MessageKind): void;
  /** The worker stopped: no more ticks. */
  stopped?(): void;
}

export interface WorkerOptions {
  /** The feeds in force, read every tick (admins may add or remove feeds from chat). */
  feeds: () => FeedDefinition[] | Promise<FeedDefinition[]>;
  cycle: PollCycle;
  outbox: Outbox;
  channels: AlertChannel[];
  /** Reminders of upcoming events, handed off on every tick when due. */
  reminders?: { handOffDue(now: number): Promise<number> };
  /** Daily and weekly digests, handed off when due. */
  digests?: { handOffDue(now: number): Promise<number> };
  tickMs: number;
  logger: Logger;
  now: () => number;
  /** How long a stop waits for polls in flight before abandoning them. */
  stopGraceMs?: number;
  /** Told of each round and each drain (metrics); more can join later through observe(). */
  observer?: WorkerObserver;
}

/**
 * The long-running worker. node-cron ticks; each tick starts the polls that are due (each
 * feed's own schedule lives in its stored state) and sends what the outbox holds. Ticks never
 * wait for one another: a slow feed keeps its slot in flight while the others go on.
 */
export class Worker {
  private task: ScheduledTask | undefined;
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private startedAt = 0;
  private readonly observers: WorkerObserver[];
  /** Drain reports already told: concurrent drain calls share one run and get the same report. */
  private readonly told = new WeakSet<DrainReport>();
  private tickedAt: number | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.observers = options.observer ? [options.observer] : [];
  }

  /** When node-cron last fired a tick (on the worker's clock), for a liveness check. */
  get lastTickAt(): number | undefined {
    return this.tickedAt;
  }

  /** Adds an observer after construction (the ops server is started once the worker exists). */
  observe(observer: WorkerObserver): void {
    this.observers.push(observer);
  }

  /** Polls run outside the rounds (jobs from the shared queue) are reported like a round's. */
  reportPolls(report: CycleReport): void {
    this.tell((observer) => observer.polled?.(report));
  }

  start(): void {
    this.startedAt = this.options.now();
    this.task = cron.schedule(cronExpressionFor(this.options.tickMs), () => this.tick(), { name: 'ict-radar-poll' });
    this.options.logger.info('worker started', { tick: cronExpressionFor(this.options.tickMs) });
    // Deliver anything a previous run left in the outbox, then look for due feeds right away.
    this.tick();
  }

  /** One round: due polls, then delivery. Exposed for tests that drive time themselves. */
  tick(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    this.tickedAt = this.options.now();
    const round = this.round().catch((error) => this.options.logger.error('poll round failed', { error: describeError(error) }));
    this.running.add(round);
    void round.finally(() => this.running.delete(round));
    return round;
  }

  private async round(): Promise<void> {
    // What earlier rounds left (retries, the end of quiet hours) goes out while feeds are
    // fetched, so that a slow feed never holds delivery up.
    const earlier = this.drain().catch((error: unknown) => this.options.logger.error('delivery failed', { error: describeError(error) }));
    const report = await this.options.cycle.run(await this.options.feeds(), { select: 'due', startedAt: this.startedAt, signal: this.abort.signal });
    this.tell((observer) => observer.polled?.(report));
    const fresh = report.polled.reduce((sum, outcome) => sum + outcome.announced, 0);
    if (report.polled.length) this.options.logger.debug('poll round done', { polled: report.polled.length, new: fresh });
    await earlier;
    if (this.abort.signal.aborted) return;
    await this.options.reminders?.handOffDue(this.options.now());
    await this.options.digests?.handOffDue(this.options.now());
    await this.drain();
  }

  private async drain(): Promise<void> {
    // A process without chat platforms (a scheduler or poll worker) leaves delivery to the bots.
    if (this.options.channels.length === 0) return;
    const channels = this.observers.length ? observedChannels(this.options.channels, (target, kind) => this.tell((o) => o.delivered?.(target, kind))) : this.options.channels;
    const report = await this.options.outbox.drain(channels, this.abort.signal);
    if (this.told.has(report)) return;
    this.told.add(report);
    this.tell((observer) => observer.drained?.(report));
  }

  /** An observer that throws must not break a round (nor count as a delivery failure). */
  private tell(call: (observer: WorkerObserver) => void): void {
    for (const observer of this.observers) {
      try {
        call(observer);
      } catch (error) {
        this.options.logger.warn('a worker observer failed', { error: describeError(error) });
      }
    }
  }

  /**
   * Stops cleanly: no new ticks; polls in flight get a grace period to finish, then are
   * abandoned. Abandoning is safe: a poll saves its feed's state last, so it is redone next run.
   */
  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
    const grace = this.options.stopGraceMs ?? 10_000;
    const settled = Promise.allSettled([...this.running]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), grace);
      }),
    ]);
    clearTimeout(timer);
    this.abort.abort();
    if (timedOut) {
      this.options.logger.warn('polls still running at stop were abandoned; they will run again next start', { inFlight: this.options.cycle.busy });
      await Promise.allSettled([...this.running]);
    }
    this.options.logger.info('worker stopped');
    this.tell((observer) => observer.stopped?.());
  }
}

/** A node-cron expression that fires every `tickMs` (seconds under a minute, else minutes). */
export function cronExpressionFor(tickMs: number): string {
  const seconds = Math.max(1, Math.round(tickMs / 1000));
  if (seconds < 60) return `*/${seconds} * * * * *`;
  const minutes = Math.min(59, Math.max(1, Math.round(seconds / 60)));
  return `0 */${minutes} * * * *`;
}
