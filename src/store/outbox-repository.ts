import type Keyv from 'keyv';
import type { Alert } from '../model/alert.js';
import type { Digest } from '../model/digest.js';
import type { Reminder } from '../model/reminder.js';
import type { Store } from './open-store.js';

/**
 * Alerts handed to delivery and not yet delivered. An entry is written before its item is
 * marked seen, and removed only after delivery (and after the item is marked seen), so a
 * crash at any point neither loses an alert nor, once delivered, sends it again.
 */
export type OutgoingMessage =
  | { kind: 'alert'; alert: Alert }
  | { kind: 'reminder'; reminder: Reminder }
  | { kind: 'digest'; digest: Digest }
  /** A plain message from ict-radar itself (e.g. "alerts to #x are paused"). */
  | { kind: 'notice'; text: string };

/** What delivery records once a message went out, so that it is never handed off again. */
export type Acknowledgement =
  | { kind: 'seen'; feedId: string; hashes: string[] }
  | { kind: 'reminder'; keys: string[] }
  | { kind: 'digest'; target: string; period: 'daily' | 'weekly'; keys: string[] }
  | { kind: 'none' };

export interface OutboxEntry {
  key: string;
  /** Where it goes (see model/target.ts). */
  target: string;
  /** Not before this instant (ms): set after a transient failure. */
  notBefore?: number;
  /** Hand-off order: messages go out oldest first. */
  seq: number;
  message: OutgoingMessage;
  ack: Acknowledgement;
  enqueuedAt: string;
  attempts: number;
  lastError?: string;
  /**
   * When the first attempt to send began (ms). Written before the send, so that after a crash
   * or a timeout the next attempt knows the platform may already have the message and checks.
   */
  sendingSince?: number;
}

export class OutboxRepository {
  private readonly keyv: Keyv<OutboxEntry>;

  constructor(store: Store) {
    this.keyv = store.collection<OutboxEntry>('outbox');
  }

  async putMany(entries: OutboxEntry[]): Promise<void> {
    if (entries.length) await this.keyv.setMany(entries.map((entry) => ({ key: entry.key, value: entry })));
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.keyv.set(entry.key, entry);
  }

  /** Every pending entry, oldest first. */
  async pending(): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    if (!this.keyv.iterator) throw new Error('this store cannot list its entries, which the outbox needs');
    for await (const [, value] of this.keyv.iterator(this.keyv.namespace)) {
      if (value) entries.push(value as OutboxEntry);
    }
    return entries.sort((a, b) => a.seq - b.seq);
  }

  async get(key: string): Promise<OutboxEntry | undefined> {
    return this.keyv.get(key);
  }

  async remove(key: string): Promise<void> {
    await this.keyv.delete(key);
  }
}
