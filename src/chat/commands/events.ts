import { toICalendar } from '../../events/ics.js';
import type { CalendarEvent } from '../../model/calendar-event.js';
import { parseDuration } from '../../util/duration.js';
import { dayIn } from '../../util/timezone.js';
import { UserError } from '../../util/user-error.js';
import { type CommandSpec, ephemeral, inChannel } from '../command.js';
import { escapeText } from '../format.js';

export function describeEvents(events: CalendarEvent[]): string {
  return events
    .slice(0, 15)
    .map((e) => {
      const place = [e.city, e.country].filter(Boolean).join(', ');
      const link = e.sources.find((s) => s.link)?.link;
      const name = link ? `[${escapeText(e.name)}](${link})` : `**${escapeText(e.name)}**`;
      return `• ${name}: ${e.start}${e.end !== e.start ? ` to ${e.end}` : ''}${place ? `, ${escapeText(place)}` : ''} \`${e.id}\``;
    })
    .join('\n');
}

const days = (within: string | undefined): number | undefined => {
  if (within === undefined) return undefined;
  const ms = parseDuration(within);
  if (ms === undefined) throw new UserError(`"${within}" is not a duration: write e.g. 30d or 2w`);
  return Math.ceil(ms / 86_400_000);
};

/** Looking up conferences, and reminders before they start. */
export const eventCommands: CommandSpec[] = [
  {
    path: ['events'],
    description: 'upcoming conferences, of one topic or all',
    options: [
      { name: 'topic', description: 'a topic id', type: 'topic' },
      { name: 'within', description: 'how far ahead, e.g. 30d', type: 'string' },
    ],
    async run(ctx, args) {
      const today = dayIn(ctx.services.now(), ctx.services.timezone);
      const events = await ctx.services.calendar.upcoming({ today, topic: args.topic as string | undefined, withinDays: days(args.within as string | undefined) });
      return inChannel(events.length ? `**Upcoming events**\n${describeEvents(events)}` : 'No upcoming events found.');
    },
  },
  {
    path: ['events', 'search'],
    description: 'find events by name, place or source',
    options: [{ name: 'words', description: 'words to look for', type: 'string', required: true, rest: true }],
    async run(ctx, args) {
      const events = await ctx.services.calendar.search(String(args.words));
      return ephemeral(events.length ? describeEvents(events) : `No event matches "${escapeText(String(args.words))}".`);
    },
  },
  {
    path: ['events', 'remind'],
    description: 'reminders here before events start (on|off, lead times like 7d,1d)',
    options: [
      { name: 'state', description: 'on or off', type: 'choice', choices: ['on', 'off'], required: true },
      { name: 'lead', description: 'lead times, e.g. 7d,1d', type: 'string' },
    ],
    async run(ctx, args) {
      if (args.state === 'off') return (await ctx.services.reminders.optOut(ctx.target)) ? inChannel('Event reminders are off here.') : ephemeral('Reminders were not on here. Nothing changed.');
      const text = String(args.lead ?? '7d,1d');
      const leads = text.split(',').map((part) => parseDuration(part.trim()));
      if (leads.some((ms) => ms === undefined)) throw new UserError(`"${text}" must list durations, such as 7d,1d`);
      await ctx.services.reminders.optIn(ctx.target, leads as number[]);
      return inChannel(`Event reminders are on here: ${text} before each event starts.`);
    },
  },
  {
    path: ['events', 'ics'],
    description: 'upcoming events as an iCalendar file',
    options: [{ name: 'topic', description: 'a topic id', type: 'topic' }],
    async run(ctx, args) {
      const today = dayIn(ctx.services.now(), ctx.services.timezone);
      const events = await ctx.services.calendar.upcoming({ today, topic: args.topic as string | undefined });
      const ics = toICalendar(events);
      return ephemeral(`${events.length} upcoming events. Save this as ict-radar.ics:\n\`\`\`\n${ics.slice(0, 3500)}\n\`\`\``);
    },
  },
];
