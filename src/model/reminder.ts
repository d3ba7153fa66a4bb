import type { CalendarEvent } from './calendar-event.js';

/** "This event starts in N days": to one target, for one lead time. */
export interface Reminder {
  event: CalendarEvent;
  /** Where it goes: "console", later "discord:<guild>:<channel>", "slack:<team>:<channel>". */
  target: string;
  leadMs: number;
  /** Sent after its time (the worker was down), but before the event started. */
  late: boolean;
}
