import type { Outbox } from '../delivery/outbox.js';
import type { CalendarEvent } from '../model/calendar-event.js';
import type { ReminderRepository } from '../store/reminder-repository.js';
import { dayIn, startOfDay } from '../util/timezone.js';
import type { Calendar } from './calendar.js';

export const DEFAULT_LEAD_TIMES_MS = [7 * 86_400_000, 86_400_000];

/**
 * Reminders before events start. Each (event, dates, target, lead time) is handed off exactly
 * once: its key names the event's dates, so an event moved to new dates gets fresh reminders.
 * After downtime, a missed reminder goes out late, once, if the event has not started; when
 * several lead times were missed, only the nearest is sent. A started event gets none.
 */
export class Reminders {
  constructor(
    private readonly calendar: Calendar,
    private readonly repository: ReminderRepository,
    private readonly outbox: Outbox,
    private readonly timezone: string,
  ) {}

  async optIn(target: string, leadTimesMs: number[] = DEFAULT_LEAD_TIMES_MS, now = new Date()): Promise<void> {
    const leads = [...new Set(leadTimesMs)].sort((a, b) => b - a);
    if (leads.length === 0 || leads.some((ms) => !Number.isFinite(ms) || ms < 0 || ms > 90 * 86_400_000)) {
      throw new RangeError('lead times are durations between 0 and 90 days, such as "7d" and "1d"');
    }
    await this.repository.subscribe({ target, leadTimesMs: leads, since: now.toISOString() });
  }

  async optOut(target: string): Promise<boolean> {
    return this.repository.unsubscribe(target);
  }

  /** Hands off every reminder that is due at `now` and not sent yet; returns how many. */
  async handOffDue(now: number): Promise<number> {
    const subscriptions = await this.repository.subscriptions();
    if (subscriptions.length === 0) return 0;
    const events = await this.calendar.upcoming({ today: dayIn(now, this.timezone) });
    const due: Array<{ key: string; event: CalendarEvent; target: string; leadMs: number; late: boolean; missed: string[] }> = [];
    for (const event of events) {
      const begins = startOfDay(event.start, this.timezone);
      if (now >= begins) continue; // started (or ongoing): too late for any reminder
      for (const subscription of subscriptions) {
        const keys = subscription.leadTimesMs.map((lead) => reminderKey(event, subscription.target, lead));
        const sent = await this.repository.sentAmong(keys);
        // Lead times whose moment has come, longest first; the last of them is the one to send.
        const reached = subscription.leadTimesMs.map((lead, i) => ({ lead, key: keys[i] as string })).filter(({ lead, key }) => now >= begins - lead && !sent.has(key));
        const chosen = reached.at(-1);
        if (!chosen) continue;
        const late = now - (begins - chosen.lead) > 60 * 60_000;
        due.push({ key: chosen.key, event, target: subscription.target, leadMs: chosen.lead, late, missed: reached.slice(0, -1).map((r) => r.key) });
      }
    }
    if (due.length) {
      await this.outbox.handOffReminders(due.map((d) => ({ key: d.key, reminder: { event: d.event, target: d.target, leadMs: d.leadMs, late: d.late }, alsoAcknowledge: d.missed })));
    }
    return due.length;
  }
}

export function reminderKey(event: CalendarEvent, target: string, leadMs: number): string {
  return `${event.id}:${event.start}:${event.end}:${target}:${leadMs}`;
}
