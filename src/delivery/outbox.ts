import type { Alert } from '../model/alert.js';
import type { Reminder } from '../model/reminder.js';
import type { ItemRepository } from '../store/item-repository.js';
import type { Acknowledgement, OutboxRepository, OutgoingMessage } from '../store/outbox-repository.js';
import type { ReminderRepository } from '../store/reminder-repository.js';
import type { SeenRepository } from '../store/seen-repository.js';
import type { Logger } from '../util/logger.js';
import { describeError } from '../util/errors.js';
import type { AlertChannel } from './alert-channel.js';

export interface HandOffEntry {
  alert: Alert;
  seenHashes: string[];
}

export interface DrainReport {
  delivered: number;
  failed: number;
}

/**
 * The hand-off between producers (the poller, the reminder clock) and delivery, kept in the
 * store. A hand-off returns once its messages are durable; `drain` sends them, oldest first.
 * After a message is sent, its acknowledgement (item seen, reminder sent) is recorded before
 * the entry is removed, so a crash in between can repeat a send at most once and never lets
 * a producer hand the same message off afresh.
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
  ) {}

  async handOff(batch: HandOffEntry[]): Promise<void> {
    if (batch.length === 0) return;
    await this.put(batch.map(({ alert, seenHashes }) => ({ key: `${alert.feed.id}:${alert.item.id}`, message: { kind: 'alert', alert }, ack: { kind: 'seen', feedId: alert.feed.id, hashes: seenHashes } })));
    await this.items.putMany(batch.map(({ alert }) => alert.item));
  }

  async handOffReminders(batch: Array<{ key: string; reminder: Reminder; alsoAcknowledge: string[] }>): Promise<void> {
    await this.put(batch.map(({ key, reminder, alsoAcknowledge }) => ({ key: `reminder:${key}`, message: { kind: 'reminder', reminder }, ack: { kind: 'reminder', keys: [key, ...alsoAcknowledge] } })));
  }

  /** Sends what is pending. Concurrent calls share one run, so nothing is sent twice. */
  drain(channels: AlertChannel[]): Promise<DrainReport> {
    this.draining ??= this.drainOnce(channels).finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async put(entries: Array<{ key: string; message: OutgoingMessage; ack: Acknowledgement }>): Promise<void> {
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

  private async drainOnce(channels: AlertChannel[]): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, failed: 0 };
    for (const entry of await this.entries.pending()) {
      try {
        await send(entry.message, channels);
      } catch (error) {
        report.failed += 1;
        const reason = describeError(error);
        this.logger.warn('delivery failed; the message stays in the outbox for the next round', { entry: entry.key, error: reason });
        await this.entries.put({ ...entry, attempts: entry.attempts + 1, lastError: reason });
        continue;
      }
      await this.acknowledge(entry.ack);
      await this.entries.remove(entry.key);
      report.delivered += 1;
    }
    return report;
  }

  private async acknowledge(ack: Acknowledgement): Promise<void> {
    if (ack.kind === 'seen') await this.seen.mark(ack.feedId, ack.hashes, this.now());
    else await this.reminders?.markSent(ack.keys, new Date(this.now()).toISOString());
  }
}

async function send(message: OutgoingMessage, channels: AlertChannel[]): Promise<void> {
  if (message.kind === 'alert') {
    for (const channel of channels) await channel.send(message.alert);
    return;
  }
  const target = message.reminder.target;
  for (const channel of channels) {
    if (channel.sendReminder && (channel.serves?.(target) ?? true)) await channel.sendReminder(message.reminder);
  }
}
