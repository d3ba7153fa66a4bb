import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { DrainReport } from '../delivery/outbox.js';
import type { CycleReport } from '../feeds/poll/poll-cycle.js';
import { platformOf, type TargetId } from '../model/target.js';
import type { MessageKind } from '../worker/observed-channels.js';
import { classifyFailure, FAILURE_REASONS } from './failure-reason.js';

/** What waits in the outbox at scrape time. */
export interface OutboxBacklog {
  /** Entries handed off and not yet sent. */
  depth: number;
  /** Seconds the oldest deliverable entry has waited (0 when none). */
  lagSeconds: number;
}

/** Read at scrape time, so the gauges are never stale; a source that fails makes its gauges NaN. */
export interface MetricsSources {
  feedsDue(): Promise<number>;
  outbox(): Promise<OutboxBacklog>;
  /** Poll jobs waiting, running or delayed on the shared queue (processes that schedule with QUEUE_URL). */
  pollQueue?(): Promise<number>;
}

/** Platform label values: a fixed set, so a strange target can never add a series. */
const PLATFORMS = new Set(['discord', 'slack', 'console']);

/**
 * ict-radar's Prometheus metrics, on a registry of their own (not prom-client's global one),
 * so that tests and several instances in one process never collide over metric names.
 * Counters are fed by the worker's reports; gauges are computed when scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly polled: Counter;
  private readonly failures: Counter<'reason'>;
  private readonly itemsNew: Counter;
  private readonly itemsAnnounced: Counter;
  private readonly sent: Counter<'platform' | 'kind'>;
  private readonly deliveryFailures: Counter;
  /** One outbox scan per scrape, shared by the depth and lag gauges (collected side by side). */
  private backlog: Promise<OutboxBacklog> | undefined;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.polled = new Counter({ name: 'ict_radar_feeds_polled_total', help: 'Feed polls completed (any outcome except abandoned at a stop).', registers });
    this.failures = new Counter({ name: 'ict_radar_feed_failures_total', help: 'Feed polls that failed, by reason class.', labelNames: ['reason'], registers });
    this.itemsNew = new Counter({ name: 'ict_radar_items_new_total', help: 'Items seen for the first time (announced or not).', registers });
    this.itemsAnnounced = new Counter({ name: 'ict_radar_items_announced_total', help: 'New items handed to delivery.', registers });
    this.sent = new Counter({ name: 'ict_radar_alerts_sent_total', help: 'Messages a chat platform accepted, by platform and kind (alert, reminder, digest, notice).', labelNames: ['platform', 'kind'], registers });
    this.deliveryFailures = new Counter({ name: 'ict_radar_delivery_failures_total', help: 'Delivery attempts that failed (retried later, or refused for good).', registers });
    // Zero series for every reason, so a rate() over them exists before the first failure.
    for (const reason of FAILURE_REASONS) this.failures.inc({ reason }, 0);

    new Gauge({ name: 'ict_radar_feeds_due', help: 'Enabled feeds whose next poll is due now (polls in flight included).', registers, collect: gauge(() => sources.feedsDue()) });
    const backlog = (): Promise<OutboxBacklog> =>
      (this.backlog ??= sources.outbox().finally(() => {
        this.backlog = undefined;
      }));
    new Gauge({ name: 'ict_radar_outbox_depth', help: 'Outbox entries waiting to be sent.', registers, collect: gauge(async () => (await backlog()).depth) });
    if (sources.pollQueue) new Gauge({ name: 'ict_radar_poll_queue_depth', help: 'Poll jobs waiting, running or delayed on the shared queue.', registers, collect: gauge(() => sources.pollQueue!()) });
    new Gauge({ name: 'ict_radar_outbox_lag_seconds', help: 'Seconds the oldest deliverable outbox entry has waited; 0 when none waits.', registers, collect: gauge(async () => (await backlog()).lagSeconds) });
  }

  /** One poll round's report. */
  observeRound(report: CycleReport): void {
    for (const outcome of report.polled) {
      if (outcome.status === 'aborted') continue;
      this.polled.inc();
      if (outcome.status === 'failed' || outcome.status === 'disabled') this.failures.inc({ reason: classifyFailure(outcome.error) });
      this.itemsNew.inc(outcome.unseen);
      this.itemsAnnounced.inc(outcome.announced);
    }
  }

  /** One delivery run's report. */
  observeDrain(report: DrainReport): void {
    this.deliveryFailures.inc(report.failed);
  }

  /** One message a platform accepted. */
  observeSent(target: TargetId, kind: MessageKind): void {
    const platform = platformOf(target);
    this.sent.inc({ platform: PLATFORMS.has(platform) ? platform : 'other', kind });
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A collect callback that sets the gauge from `read`, or to NaN ("unknown") when it fails. */
function gauge(read: () => Promise<number>): (this: Gauge) => Promise<void> {
  return async function (this: Gauge) {
    // A failed source must not fail the whole scrape: the other metrics still matter then.
    this.set(await read().catch(() => Number.NaN));
  };
}
