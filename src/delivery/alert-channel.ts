import type { Alert } from '../model/alert.js';
import type { Digest } from '../model/digest.js';
import type { Reminder } from '../model/reminder.js';
import type { TargetId } from '../model/target.js';

/**
 * Where messages go: each platform adapter (console, Discord, Slack) is one, serving the
 * targets of its platform. What only some can do is optional, so delivery asks "can you?"
 * rather than "who are you?".
 */
export interface AlertChannel {
  readonly name: string;
  serves(target: TargetId): boolean;
  send(target: TargetId, alert: Alert, delivery?: Delivery): Promise<void>;
  sendReminder?(target: TargetId, reminder: Reminder, delivery?: Delivery): Promise<void>;
  sendDigest?(target: TargetId, digest: Digest, delivery?: Delivery): Promise<void>;
  /** A plain message of ict-radar's own (no feed text in it). */
  sendNotice?(target: TargetId, text: string, delivery?: Delivery): Promise<void>;
  /**
   * Whether a message with this delivery id already reached the target since `sinceMs`: asked
   * before sending again a message whose earlier attempt may have been accepted (a crash or a
   * timeout between the platform's acceptance and our record of it). Platforms that cannot
   * tell rely on their idempotency key instead (Discord's enforced nonce).
   */
  wasDelivered?(target: TargetId, deliveryId: string, sinceMs: number): Promise<boolean>;
}

/**
 * One message's delivery: a stable id derived from its outbox entry, the same on every
 * attempt, that platforms use as an idempotency key (Discord nonce, Slack message metadata).
 */
export interface Delivery {
  id: string;
}

/**
 * A send that failed, classified. Transient failures (429, 5xx, timeouts) are retried after
 * `retryAfterMs` or a backoff; permanent ones (channel gone, access lost) pause the target.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
