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
  send(target: TargetId, alert: Alert): Promise<void>;
  sendReminder?(target: TargetId, reminder: Reminder): Promise<void>;
  sendDigest?(target: TargetId, digest: Digest): Promise<void>;
  /** A plain message of ict-radar's own (no feed text in it). */
  sendNotice?(target: TargetId, text: string): Promise<void>;
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
