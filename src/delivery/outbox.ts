import type { Alert } from '../model/alert.js';
import type { ItemRepository } from '../store/item-repository.js';
import type { OutboxEntry, OutboxRepository } from '../store/outbox-repository.js';
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
 * The hand-off between the poller and delivery, kept in the store. `handOff` returns once the
 * alerts are durable; `drain` sends them, oldest first, to every channel.
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
  ) {}

  async handOff(batch: HandOffEntry[]): Promise<void> {
    if (batch.length === 0) return;
    const at = this.now();
    const entries = batch.map(
      ({ alert, seenHashes }): OutboxEntry => ({
        key: `${alert.feed.id}:${alert.item.id}`,
        // Time-based so that order holds across restarts; the counter orders one batch.
        seq: at * 1000 + (this.seq++ % 1000),
        alert,
        seenHashes,
        enqueuedAt: new Date(at).toISOString(),
        attempts: 0,
      }),
    );
    await this.entries.putMany(entries);
    await this.items.putMany(batch.map(({ alert }) => alert.item));
  }

  /** Sends what is pending. Concurrent calls share one run, so nothing is sent twice. */
  drain(channels: AlertChannel[]): Promise<DrainReport> {
    this.draining ??= this.drainOnce(channels).finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainOnce(channels: AlertChannel[]): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, failed: 0 };
    for (const entry of await this.entries.pending()) {
      try {
        for (const channel of channels) await channel.send(entry.alert);
      } catch (error) {
        report.failed += 1;
        const reason = describeError(error);
        this.logger.warn('delivery failed; the alert stays in the outbox for the next round', { feed: entry.alert.feed.id, item: entry.alert.item.id, error: reason });
        await this.entries.put({ ...entry, attempts: entry.attempts + 1, lastError: reason });
        continue;
      }
      // Seen first, then removed: a crash in between leaves an entry that is delivered again at
      // worst once, never an item that the next poll would announce afresh.
      await this.seen.mark(entry.alert.feed.id, entry.seenHashes, this.now());
      await this.entries.remove(entry.key);
      report.delivered += 1;
    }
    return report;
  }
}
