import ical from 'ical-generator';
import type { CalendarEvent } from '../model/calendar-event.js';
import { addDays } from './calendar.js';

/**
 * The calendar as RFC 5545 iCalendar: all-day events (DTEND is the day after the last day, as
 * the standard wants), UIDs that stay the same for the same event, the sources in the
 * description, and a SEQUENCE that grows when an entry changes, so clients update it.
 */
const EPOCH = Date.parse('2024-01-01T00:00:00Z');

export function toICalendar(events: CalendarEvent[], options: { name?: string; now?: Date } = {}): string {
  const calendar = ical({ name: options.name ?? 'ict-radar: ICT industry events', prodId: { company: 'ict-radar', product: 'ict-radar', language: 'EN' } });
  for (const event of events) {
    calendar.createEvent({
      id: `${event.id}@ict-radar`,
      // Noon UTC names the same calendar day in every zone the library might format it in.
      start: new Date(`${event.start}T12:00:00Z`),
      end: new Date(`${addDays(event.end, 1)}T12:00:00Z`),
      allDay: true,
      stamp: options.now ?? new Date(),
      sequence: Math.max(0, Math.floor((Date.parse(event.updatedAt) - EPOCH) / 1000)),
      summary: event.name,
      location: [event.city, event.country].filter(Boolean).join(', ') || null,
      description: describe(event),
      url: event.sources.find((s) => s.link)?.link ?? null,
      categories: event.topics.map((name) => ({ name })),
    });
  }
  return calendar.toString();
}

function describe(event: CalendarEvent): string {
  const lines = event.sources.map((s) => `- ${s.title}${s.link ? ` ${s.link}` : ''}`);
  return lines.length ? `Sources:\n${lines.join('\n')}` : 'Entered by hand.';
}
