import type { App } from '../app/compose.js';
import type { Environment } from '../config/environment.js';
import type { OutboxEntry } from '../store/outbox-repository.js';
import { OutboxRepository } from '../store/outbox-repository.js';
import type { Store, StoreFailure } from '../store/open-store.js';
import { formatDuration } from '../util/duration.js';
import { describeError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Worker } from '../worker/worker.js';
import { Metrics, type OutboxBacklog } from './metrics.js';
import { type HealthCheck, type OpsServer, startOpsServer } from './ops-server.js';

export interface Ops extends OpsServer {
  metrics: Metrics;
}

export interface StartOpsOptions {
  /** The clock the worker runs on (tests move it by hand). */
  now?: () => number;
  /** More health checks, e.g. a platform's connection once platforms can tell it. */
  checks?: Record<string, HealthCheck>;
  /** The shared poll queue's depth, where this process schedules (QUEUE_URL). */
  pollQueueDepth?: () => Promise<number>;
}

/**
 * Serves /healthz and /metrics on OPS_PORT (nothing when it is unset): metrics from the App's
 * store and the worker's reports, health from the store and the worker's ticks. The server
 * closes itself when the worker stops. A port that cannot be bound is logged, not thrown:
 * the bot goes on alerting without it (a failing probe then shows the problem).
 */
export async function startOps(app: App, worker: Pick<Worker, 'observe' | 'lastTickAt'>, env: Environment, logger: Logger, options: StartOpsOptions = {}): Promise<Ops | undefined> {
  if (env.OPS_PORT === undefined) return undefined;
  const now = options.now ?? Date.now;
  const outbox = new OutboxRepository(app.store);
  const metrics = new Metrics({
    feedsDue: () => feedsDue(app, now()),
    outbox: async () => backlogOf(await outbox.pending(), now()),
    ...(options.pollQueueDepth ? { pollQueue: options.pollQueueDepth } : {}),
  });
  const health = { store: storeCheck(app.store), worker: tickCheck(worker, app.config.settings.poll.tick, now), ...options.checks };
  let server: OpsServer;
  try {
    server = await startOpsServer({ port: env.OPS_PORT, host: env.OPS_HOST, metrics, health });
  } catch (error) {
    logger.error('the ops server (/healthz, /metrics) could not start; running without it', { port: env.OPS_PORT, error: describeError(error) });
    return undefined;
  }
  worker.observe({
    polled: (report) => metrics.observeRound(report),
    drained: (report) => metrics.observeDrain(report),
    delivered: (target, kind) => metrics.observeSent(target, kind),
    stopped: () => void server.close(),
  });
  logger.info('ops server listening: /healthz and /metrics', { host: env.OPS_HOST ?? '0.0.0.0', port: server.port });
  return { port: server.port, close: () => server.close(), metrics };
}

/** Enabled feeds whose next poll is due; a feed never polled (or whose URL changed) counts as due. */
async function feedsDue(app: App, now: number): Promise<number> {
  const feeds = (await app.feeds.all()).filter((feed) => feed.enabled);
  const states = await app.states.getMany(feeds.map((feed) => feed.id));
  return feeds.filter((feed) => {
    const state = states.get(feed.id);
    if (!state?.nextPollAt || state.url !== feed.url) return true;
    return !state.disabledAt && Date.parse(state.nextPollAt) <= now;
  }).length;
}

/**
 * Depth counts every waiting entry. Lag is the wait of the oldest entry that could be sent:
 * an entry held for quiet hours (a notBefore set at hand-off, no attempt yet) waits from its
 * notBefore, and not at all before it, so a quiet night does not look like a stuck outbox;
 * an entry waiting to retry a failed send waits from its hand-off, since that is real delay.
 */
export function backlogOf(entries: OutboxEntry[], now: number): OutboxBacklog {
  let oldest = Number.POSITIVE_INFINITY;
  for (const entry of entries) {
    const held = entry.attempts === 0 ? (entry.notBefore ?? 0) : 0;
    const since = Math.max(Date.parse(entry.enqueuedAt), held);
    if (since <= now) oldest = Math.min(oldest, since);
  }
  return { depth: entries.length, lagSeconds: Number.isFinite(oldest) ? (now - oldest) / 1000 : 0 };
}

/** A cheap read, and the store's own verdict once it has failed (locked, full, a failing disk). */
function storeCheck(store: Store): HealthCheck {
  let failure: StoreFailure | undefined;
  void store.failed.then((known) => (failure = known));
  // Taken now: after a close, asking the store for a collection would open the file afresh.
  const probe = store.collection<unknown>('feed_state');
  return async () => {
    if (failure) return { ok: false, detail: `the store failed (${failure.kind})` };
    try {
      await probe.get('ops:healthz');
      return { ok: true };
    } catch {
      // The error is not shown: it names the store file.
      return { ok: false, detail: 'the store did not answer a read' };
    }
  };
}

/** node-cron fires a tick every `tickMs`; three missed in a row mean the scheduler is stuck or stopped. */
function tickCheck(worker: Pick<Worker, 'lastTickAt'>, tickMs: number, now: () => number): HealthCheck {
  return () => {
    if (worker.lastTickAt === undefined) return { ok: false, detail: 'the worker has not ticked yet' };
    const age = Math.max(0, now() - worker.lastTickAt);
    if (age <= 3 * tickMs) return { ok: true, detail: `last tick ${formatDuration(age)} ago` };
    return { ok: false, detail: `last tick ${formatDuration(age)} ago, over 3 ticks (${formatDuration(3 * tickMs)})` };
  };
}
