import type { Alert } from '../model/alert.js';
import type { Digest } from '../model/digest.js';
import type { Routing } from '../model/subscription.js';
import type { DigestRepository } from '../store/digest-repository.js';
import type { Story, StoryRepository } from '../store/story-repository.js';
import { isSameStory, signature } from './near-duplicates.js';
import type { Reminder } from '../model/reminder.js';
import type { TargetId } from '../model/target.js';
import type { ItemRepository } from '../store/item-repository.js';
import type { Acknowledgement, OutboxEntry, OutboxRepository, OutgoingMessage } from '../store/outbox-repository.js';
import type { ReminderRepository } from '../store/reminder-repository.js';
import type { SeenRepository } from '../store/seen-repository.js';
import { describeError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import pLimit from 'p-limit';
import { type AlertChannel, type Delivery, DeliveryError } from './alert-channel.js';
import { createHash } from 'node:crypto';
import type { Leases } from '../store/leases.js';

export interface HandOffEntry {
  alert: Alert;
  seenHashes: string[];
}

export interface DrainReport {
  delivered: number;
  failed: number;
  /** Waiting for a platform that is not running, or for a retry time. */
  waiting: number;
}

/** Decides which targets receive each alert of a batch, and how (subscriptions by topic, quiet hours, digests). */
export type AlertRouter = (alerts: Alert[]) => Promise<Routing[][]>;

/** Told when a target refuses for good, so that its subscriptions pause and its admins hear once. */
export type PermanentFailureHandler = (target: TargetId, reason: string) => Promise<void>;

const BACKOFF_BASE_MS = 5_000;
/** Targets served side by side in one drain (each target's own messages go one at a time). */
const TARGETS_AT_ONCE = 256;
/**
 * How long a process may hold a target's outbox without a word. Renewed before every message,
 * so it only needs to outlast one send with its retries; a process that dies holding it delays
 * that target's messages by at most this much.
 */
const TARGET_LEASE_MS = 5 * 60_000;

/** Several processes sharing the store: each target's outbox is drained by one of them at a time. */
export interface DrainClaims {
  leases: Leases;
  /** This process, as a lease holder (unique per process). */
  holder: string;
}
const BACKOFF_MAX_MS = 30 * 60_000;

/**
 * The hand-off between producers (the poller, the reminder clock) and delivery, kept in the
 * store: one entry per (message, target). A hand-off returns once its entries are durable;
 * `drain` sends them, oldest first. After a send, the acknowledgement (item seen, reminder
 * sent) is recorded before the entry is removed, so a crash in between repeats a send at most
 * once and never lets a producer hand the same message off afresh.
 */
export class Outbox {
  private seq = 0;
  private draining: Promise<DrainReport> | undefined;

  constructor(
    private readonly entries: OutboxRepository,
    private readonly seen: SeenRepository,
    private readonly items: ItemRepository,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly reminders?: ReminderRepository,
    private readonly route: AlertRouter = async (alerts) => alerts.map(() => [{ target: 'console', way: 'instant' }]),
    private readonly onPermanentFailure?: PermanentFailureHandler,
    private readonly digests?: DigestRepository,
    private readonly stories?: StoryRepository,
    private readonly claims?: DrainClaims,
  ) {}

  async handOff(batch: HandOffEntry[]): Promise<void> {
    if (batch.length === 0) return;
    const entries: Array<Omit<OutboxEntry, 'seq' | 'enqueuedAt' | 'attempts'>> = [];
    const now = this.now();
    const stories = (await this.stories?.recent(now)) ?? [];
    const fresh: HandOffEntry[] = [];
    for (const entry of batch) {
      // A repeat is still marked seen by the poller after the hand-off; it is just not sent again.
      if (!(await this.isRepeat(entry.alert, stories, entries, now))) fresh.push(entry);
    }
    const routings = fresh.length ? await this.route(fresh.map((e) => e.alert)) : [];
    for (const [index, { alert, seenHashes }] of fresh.entries()) {
      const story = stories.find((s) => s.key === `${alert.feed.id}:${alert.item.id}`);
      for (const routing of routings[index] ?? []) {
        if (story && routing.way === 'instant') story.targets = [...(story.targets ?? []), routing.target];
        const key = `${alert.feed.id}:${alert.item.id}:${routing.target}`;
        if (routing.way === 'instant') {
          entries.push({ key, target: routing.target, message: { kind: 'alert', alert }, ack: { kind: 'seen', feedId: alert.feed.id, hashes: seenHashes }, ...(routing.notBefore ? { notBefore: routing.notBefore } : {}) });
        } else {
          await this.digests?.add(routing.target, routing.way, {
            key,
            title: alert.item.title,
            link: alert.item.link ?? null,
            feedName: alert.feed.name,
            topics: alert.item.topics.map((t) => t.id),
            published: alert.item.published ?? null,
            queuedAt: this.now(),
          });
        }
      }
    }
    await this.put(entries);
    await this.stories?.save(stories, now);
    await this.items.putMany(batch.map(({ alert }) => alert.item));
  }

  /**
   * The same story already announced from another feed in the last two days: not sent again.
   * If the first report is still waiting in the outbox, it names this feed as another source.
   */
  private async isRepeat(alert: Alert, stories: Story[], batch: Array<Omit<OutboxEntry, 'seq' | 'enqueuedAt' | 'attempts'>>, now: number): Promise<boolean> {
    if (!this.stories) return false;
    const words = signature(alert.item.title, alert.item.summary);
    const key = `${alert.feed.id}:${alert.item.id}`;
    const original = stories.find((s) => s.feedId !== alert.feed.id && isSameStory(s.signature, words));
    if (!original) {
      stories.push({ key, feedId: alert.feed.id, signature: words, at: now, alsoFrom: [] });
      return false;
    }
    const source = { feed: alert.feed.name, link: alert.item.link ?? null };
    original.alsoFrom.push(source);
    // The first report's entries, still in this batch or still waiting in the outbox, name this source too.
    for (const entry of batch.filter((e) => e.key.startsWith(`${original.key}:`))) {
      if (entry.message.kind === 'alert') entry.message.alert.alsoFrom = [...(entry.message.alert.alsoFrom ?? []), source];
    }
    for (const target of original.targets ?? []) {
      const waiting = await this.entries.get(`${original.key}:${target}`);
      if (waiting?.message.kind !== 'alert') continue;
      waiting.message.alert.alsoFrom = [...(waiting.message.alert.alsoFrom ?? []), source];
      await this.entries.put(waiting);
    }
    return true;
  }

  async handOffReminders(batch: Array<{ key: string; reminder: Reminder; alsoAcknowledge: string[] }>): Promise<void> {
    await this.put(batch.map(({ key, reminder, alsoAcknowledge }) => ({ key: `reminder:${key}`, target: reminder.target, message: { kind: 'reminder', reminder }, ack: { kind: 'reminder', keys: [key, ...alsoAcknowledge] } })));
  }

  /** A notice to one target, sent once (its key makes a repeat a no-op while it waits). */
  async handOffNotice(key: string, target: TargetId, text: string): Promise<void> {
    await this.put([{ key: `notice:${key}`, target, message: { kind: 'notice', text }, ack: { kind: 'none' } }]);
  }

  async handOffDigest(digest: Digest): Promise<void> {
    const first = digest.entries[0]?.key ?? 'empty';
    await this.put([{ key: `digest:${digest.target}:${digest.period}:${first}`, target: digest.target, message: { kind: 'digest', digest }, ack: { kind: 'digest', target: digest.target, period: digest.period, keys: digest.entries.map((e) => e.key) } }]);
  }

  /**
   * Sends what is due. Concurrent calls share one run, so nothing is sent twice. An abort stops
   * the run between two messages (what is left stays in the outbox for the next run).
   */
  drain(channels: AlertChannel[], signal?: AbortSignal): Promise<DrainReport> {
    this.draining ??= this.drainOnce(channels, signal).finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async put(entries: Array<Omit<OutboxEntry, 'seq' | 'enqueuedAt' | 'attempts'>>): Promise<void> {
    if (entries.length === 0) return;
    const at = this.now();
    await this.entries.putMany(
      entries.map((entry) => ({
        ...entry,
        // Time-based so that order holds across restarts; the counter orders one batch.
        seq: at * 1000 + (this.seq++ % 1000),
        enqueuedAt: new Date(at).toISOString(),
        attempts: 0,
      })),
    );
  }

  private async drainOnce(channels: AlertChannel[], signal?: AbortSignal): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, failed: 0, waiting: 0 };
    // Each target's messages go out in order, one at a time; targets go side by side, so one
    // slow or rate-limited channel never holds up the others. The platforms keep their own limits.
    const queues = new Map<TargetId, OutboxEntry[]>();
    for (const entry of await this.entries.pending()) {
      const queue = queues.get(entry.target);
      if (queue) queue.push(entry);
      else queues.set(entry.target, [entry]);
    }
    const limit = pLimit(TARGETS_AT_ONCE);
    await Promise.all([...queues].map(([target, queue]) => limit(() => this.drainTarget(target, queue, channels, report, signal))));
    return report;
  }

  private async drainTarget(target: TargetId, queue: OutboxEntry[], channels: AlertChannel[], report: DrainReport, signal?: AbortSignal): Promise<void> {
    const channel = channels.find((c) => c.serves(target));
    const lease = `outbox:${target}`;
    let held = false;
    try {
      for (const [index, listed] of queue.entries()) {
        if (!channel || signal?.aborted || (listed.notBefore ?? 0) > this.now()) {
          // After one that must wait, the target's later entries wait too: order per target holds.
          report.waiting += queue.length - index;
          return;
        }
        let entry = listed;
        if (this.claims) {
          // Another process may be draining this target: leave it to them. Once held, the lease
          // is renewed before every message, and each entry is read again, since another
          // process may have sent it between our listing and our lease.
          held = await this.claims.leases.take(lease, this.claims.holder, TARGET_LEASE_MS);
          if (!held) {
            report.waiting += queue.length - index;
            return;
          }
          const current = await this.entries.get(listed.key);
          if (!current) continue;
          entry = current;
        }
        if (!(await this.sendOnce(entry, channel, report))) {
          report.waiting += queue.length - index - 1;
          return;
        }
      }
    } finally {
      if (held) await this.claims?.leases.release(lease, this.claims.holder).catch(() => undefined);
    }
  }

  /** One entry: sent (or found already delivered), acknowledged, removed. False when it failed. */
  private async sendOnce(listed: OutboxEntry, channel: AlertChannel, report: DrainReport): Promise<boolean> {
    let entry = listed;
    try {
      if (await this.alreadyAcknowledged(entry.ack)) {
        // Sent by another process, or handed off twice: nothing to send.
        await this.entries.remove(entry.key);
        return true;
      }
      const delivery = { id: deliveryId(entry.key) };
      const mayBeThere = entry.sendingSince !== undefined && channel.wasDelivered;
      if (!(mayBeThere && (await channel.wasDelivered!(entry.target, delivery.id, entry.sendingSince!)))) {
        if (entry.sendingSince === undefined) {
          entry = { ...entry, sendingSince: this.now() };
          await this.entries.put(entry);
        }
        await send(channel, entry, delivery);
      }
    } catch (error) {
      await this.failed(entry, error, report);
      return false;
    }
    await this.acknowledge(entry.ack);
    await this.entries.remove(entry.key);
    report.delivered += 1;
    return true;
  }

  /** A reminder already recorded as sent (the only acknowledgement a second hand-off can race with). */
  private async alreadyAcknowledged(ack: Acknowledgement): Promise<boolean> {
    if (ack.kind !== 'reminder' || !this.reminders) return false;
    const sent = await this.reminders.sentAmong(ack.keys);
    return ack.keys.length > 0 && ack.keys.every((key) => sent.has(key));
  }

  private async failed(entry: OutboxEntry, error: unknown, report: DrainReport): Promise<void> {
    report.failed += 1;
    const reason = describeError(error);
    if (error instanceof DeliveryError && error.permanent) {
      this.logger.warn('the platform refused for good; pausing this target', { target: entry.target, error: reason });
      await this.onPermanentFailure?.(entry.target, reason);
      // The message is not lost from the record: the item stays seen and listed among recent items.
      await this.acknowledge(entry.ack);
      await this.entries.remove(entry.key);
      return;
    }
    const attempts = entry.attempts + 1;
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_MAX_MS);
    const wait = error instanceof DeliveryError && error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, 0) : backoff;
    this.logger.warn('delivery failed; will retry', { target: entry.target, entry: entry.key, error: reason, retryInMs: wait });
    await this.entries.put({ ...entry, attempts, lastError: reason, notBefore: this.now() + wait });
  }

  private async acknowledge(ack: Acknowledgement): Promise<void> {
    if (ack.kind === 'seen') await this.seen.mark(ack.feedId, ack.hashes, this.now());
    else if (ack.kind === 'reminder') await this.reminders?.markSent(ack.keys, new Date(this.now()).toISOString());
    else if (ack.kind === 'digest') await this.digests?.remove(ack.target, ack.period, ack.keys);
  }
}

export type { OutgoingMessage };

function send(channel: AlertChannel, entry: OutboxEntry, delivery: Delivery): Promise<void> | undefined {
  const message = entry.message;
  if (message.kind === 'alert') return channel.send(entry.target, message.alert, delivery);
  if (message.kind === 'reminder') return channel.sendReminder?.(entry.target, message.reminder, delivery);
  if (message.kind === 'digest') return channel.sendDigest?.(entry.target, message.digest, delivery);
  return channel.sendNotice?.(entry.target, message.text, delivery);
}

/** A short, stable id per outbox entry (Discord nonces are at most 25 characters). */
export function deliveryId(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}
