import type { AlertChannel } from '../../delivery/alert-channel.js';
import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import type { Digest } from '../../model/digest.js';
import { groupDigest } from '../../delivery/digest-lines.js';
import type { TargetId } from '../../model/target.js';
import { type ConsoleStyle, renderAlert, renderReminder } from './render-alert.js';

/** The console adapter: prints each alert to a stream (stdout), for local runs and the demo. */
export class ConsoleChannel implements AlertChannel {
  readonly name = 'console';

  constructor(
    private readonly write: (text: string) => void,
    private readonly style: ConsoleStyle,
  ) {}

  async send(_target: TargetId, alert: Alert): Promise<void> {
    this.write(`${renderAlert(alert, this.style)}\n\n`);
  }

  async sendReminder(_target: TargetId, reminder: Reminder): Promise<void> {
    this.write(`${renderReminder(reminder, this.style)}\n\n`);
  }

  async sendNotice(_target: TargetId, text: string): Promise<void> {
    this.write(`ℹ ${text}\n\n`);
  }

  async sendDigest(_target: TargetId, digest: Digest): Promise<void> {
    const lines = [`${digest.period === 'daily' ? 'Daily' : 'Weekly'} digest: ${digest.entries.length} items`];
    for (const group of groupDigest(digest)) {
      lines.push(`  ${group.topic}:`);
      for (const e of group.entries) lines.push(`    • ${e.title}${e.link ? ` ${e.link}` : ''} (${e.feedName})`);
    }
    this.write(`${lines.join('\n')}\n\n`);
  }

  /** The console is the "console" target: every alert in local runs, reminders with `events remind on`. */
  serves(target: TargetId): boolean {
    return target === 'console';
  }
}
