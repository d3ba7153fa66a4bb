import type { Alert } from '../../model/alert.js';
import type { CalendarEvent } from '../../model/calendar-event.js';
import type { Reminder } from '../../model/reminder.js';
import { formatDuration } from '../../util/duration.js';
import { truncateWords } from '../../text/html-to-text.js';

export interface ConsoleStyle {
  color: boolean;
  timezone: string;
  width?: number;
}

/**
 * An alert as readable terminal text. Feed text is already free of control characters
 * (so no escape sequence from a feed can reach the terminal); colour is ours alone.
 */
export function renderAlert(alert: Alert, style: ConsoleStyle): string {
  const paint = (code: string, text: string) => (style.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { item } = alert;
  const when = item.published ? formatInstant(item.published, style.timezone) : 'undated';
  const lines = [
    `${paint('1;36', '▶')} ${paint('1', item.title)}`,
    `  ${paint('2', `${alert.feed.name} · ${when}`)}`,
  ];
  if (item.link) lines.push(`  ${paint('4', item.link)}`);
  if (item.topics.length) {
    lines.push(`  topics: ${item.topics.map((t) => `${t.id} (${t.matched.join(', ')})`).join('; ')}`);
  }
  const gist = item.summary || (item.titleFromText ? '' : truncateWords(item.text.replace(/\s+/g, ' '), 240));
  if (gist) lines.push(`  ${gist}`);
  if (alert.alsoFrom?.length) lines.push(`  also reported by: ${alert.alsoFrom.map((a) => a.feed).join(', ')}`);
  for (const event of item.events) {
    const place = [event.city, event.country].filter(Boolean).join(', ');
    lines.push(`  📅 ${event.name}${place ? `, ${place}` : ''}: ${event.start}${event.end !== event.start ? ` to ${event.end}` : ''}`);
  }
  return lines.join('\n');
}

/** A reminder: the event, its dates and place, how soon, and where we read of it. */
export function renderReminder(reminder: Reminder, style: ConsoleStyle): string {
  const paint = (code: string, text: string) => (style.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lead = formatDuration(reminder.leadMs).replace(/^1d$/, '1 day').replace(/^(\d+)d$/, '$1 days');
  const lines = [
    `${paint('1;35', '⏰')} ${paint('1', reminder.event.name)} starts in ${lead}${reminder.late ? ' (reminder sent late)' : ''}`,
    `  ${describeEvent(reminder.event)}`,
    ...reminder.event.sources.slice(0, 3).map((s) => `  source: ${s.title}${s.link ? ` ${s.link}` : ''}`),
  ];
  return lines.join('\n');
}

export function describeEvent(event: CalendarEvent): string {
  const place = [event.city, event.country].filter(Boolean).join(', ');
  const dates = event.end !== event.start ? `${event.start} to ${event.end}` : event.start;
  return `📅 ${dates}${place ? ` · ${place}` : ''}`;
}

/** "2024-11-07 09:30 UTC" in the configured timezone. */
export function formatInstant(isoInstant: string, timezone: string): string {
  const date = new Date(isoInstant);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
