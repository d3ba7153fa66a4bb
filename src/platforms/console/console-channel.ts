import type { AlertChannel } from '../../delivery/alert-channel.js';
import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import { type ConsoleStyle, renderAlert, renderReminder } from './render-alert.js';

/** The console adapter: prints each alert to a stream (stdout), for local runs and the demo. */
export class ConsoleChannel implements AlertChannel {
  readonly name = 'console';

  constructor(
    private readonly write: (text: string) => void,
    private readonly style: ConsoleStyle,
  ) {}

  async send(alert: Alert): Promise<void> {
    this.write(`${renderAlert(alert, this.style)}\n\n`);
  }

  async sendReminder(reminder: Reminder): Promise<void> {
    this.write(`${renderReminder(reminder, this.style)}\n\n`);
  }

  /** The console serves the "console" reminder target (set with `ict-radar events remind on`). */
  serves(target: string): boolean {
    return target === 'console';
  }
}
