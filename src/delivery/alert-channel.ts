import type { Alert } from '../model/alert.js';
import type { Reminder } from '../model/reminder.js';

/**
 * Where messages go: each platform adapter (console today; Discord and Slack later) is one.
 * What only some can do is optional, so delivery asks "can you?" rather than "who are you?".
 */
export interface AlertChannel {
  readonly name: string;
  send(alert: Alert): Promise<void>;
  /** Reminders of upcoming events, for the targets this channel serves. */
  sendReminder?(reminder: Reminder): Promise<void>;
  /** Whether this channel serves a reminder target such as "console" (default: all). */
  serves?(target: string): boolean;
}
