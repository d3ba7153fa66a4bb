import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type App, createApp } from '../../app/compose.js';
import { CalendarError } from '../../events/calendar.js';
import { toICalendar } from '../../events/ics.js';
import type { CalendarEvent } from '../../model/calendar-event.js';
import { parseDuration } from '../../util/duration.js';
import { dayIn } from '../../util/timezone.js';
import { type GlobalOptions, loadContext } from '../context.js';
import { formatTable } from '../format/table.js';
import { type CliIo, UsageError } from '../io.js';

export function registerEvents(program: Command, io: CliIo): void {
  const events = program.command('events').description('the conference calendar: upcoming events, search, reminders, iCalendar');

  const withApp = async (run: (app: App) => Promise<void>): Promise<void> => {
    const { config, logger } = loadContext(program.opts<GlobalOptions>(), io, { logLevel: 'warn' });
    const app = await createApp(config, logger);
    try {
      await run(app);
    } catch (error) {
      if (error instanceof CalendarError || error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    } finally {
      await app.close();
    }
  };
  const today = (app: App, now?: string) => {
    const at = now === undefined ? Date.now() : Date.parse(now);
    if (Number.isNaN(at)) throw new UsageError(`--now "${now}" is not an ISO-8601 instant: write e.g. 2024-11-01T00:00:00Z`);
    return dayIn(at, app.config.settings.timezone);
  };
  const withinDays = (within?: string) => {
    if (within === undefined) return undefined;
    const ms = parseDuration(within);
    if (ms === undefined) throw new UsageError(`--within "${within}" is not a duration: write e.g. 30d or 2w`);
    return Math.ceil(ms / 86_400_000);
  };

  events
    .command('upcoming')
    .description('events not over yet (ongoing ones count), soonest first')
    .option('--topic <id>', 'only events of this topic')
    .option('--within <duration>', 'only events starting within this time, e.g. 30d')
    .option('--now <instant>', 'the ISO-8601 instant to judge "upcoming" by (default: now)')
    .option('--json', 'one JSON object per line')
    .action((o: { topic?: string; within?: string; now?: string; json?: boolean }) =>
      withApp(async (app) => print(await app.calendar.upcoming({ today: today(app, o.now), withinDays: withinDays(o.within), topic: o.topic }), o.json)),
    );

  events
    .command('search')
    .description('events whose name, place or sources contain every word')
    .argument('<words>')
    .option('--json', 'one JSON object per line')
    .action((words: string, o: { json?: boolean }) => withApp(async (app) => print(await app.calendar.search(words), o.json)));

  events
    .command('show')
    .description('one event in full, with all its sources')
    .argument('<id>')
    .action((id: string) =>
      withApp(async (app) => {
        const event = await app.calendar.get(id);
        if (!event) throw new UsageError(`no event with id "${id}": see \`ict-radar events upcoming\``);
        io.out(`${event.name}  [${event.id}]\n  ${event.start}${event.end !== event.start ? ` to ${event.end}` : ''}${event.city ? ` · ${event.city}` : ''}${event.country ? `, ${event.country}` : ''}\n  topics: ${event.topics.join(', ') || '-'}; entered by: ${event.origin}; updated ${event.updatedAt}\n  sources:\n${event.sources.map((s) => `    - ${s.title}${s.link ? ` ${s.link}` : ''}${s.published ? ` (${s.published.slice(0, 10)})` : ''}`).join('\n') || '    (none)'}\n`);
      }),
    );

  events
    .command('ics')
    .description('write an iCalendar (RFC 5545) file of upcoming events')
    .option('--topic <id>', 'only events of this topic')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--now <instant>', 'the ISO-8601 instant to judge "upcoming" by (default: now)')
    .action((o: { topic?: string; out?: string; now?: string }) =>
      withApp(async (app) => {
        const text = toICalendar(await app.calendar.upcoming({ today: today(app, o.now), topic: o.topic }));
        if (o.out) writeFileSync(o.out, text);
        else io.out(text);
      }),
    );

  events
    .command('add')
    .description('enter an event by hand (admins); extraction never overwrites it')
    .requiredOption('--name <name>')
    .requiredOption('--start <YYYY-MM-DD>')
    .option('--end <YYYY-MM-DD>')
    .option('--city <city>')
    .option('--country <country>')
    .option('--topic <id...>')
    .option('--link <url>')
    .action((o: { name: string; start: string; end?: string; city?: string; country?: string; topic?: string[]; link?: string }) =>
      withApp(async (app) => {
        const event = await app.calendar.addManual({ ...o, topics: o.topic });
        io.out(`added ${event.name} [${event.id}]\n`);
      }),
    );

  events
    .command('remove')
    .description('remove an event from the calendar (admins)')
    .argument('<id>')
    .action((id: string) => withApp(async (app) => (await app.calendar.remove(id), io.out(`removed ${id}\n`))));

  events
    .command('remind')
    .description('turn console reminders on or off (chat channels get their own command)')
    .argument('<on|off>')
    .option('--lead <durations>', 'how long before the first day, comma-separated', '7d,1d')
    .action((state: string, o: { lead: string }) =>
      withApp(async (app) => {
        if (state === 'off') {
          io.out((await app.reminders.optOut('console')) ? 'reminders off\n' : 'reminders were not on\n');
          return;
        }
        if (state !== 'on') throw new UsageError(`say "on" or "off", not "${state}"`);
        const leads = o.lead.split(',').map((part) => parseDuration(part.trim()));
        if (leads.some((ms) => ms === undefined)) throw new UsageError(`--lead "${o.lead}" must list durations, such as 7d,1d`);
        await app.reminders.optIn('console', leads as number[]);
        io.out(`reminders on: ${o.lead} before each event starts\n`);
      }),
    );

  function print(list: CalendarEvent[], json?: boolean): void {
    if (json) {
      for (const e of list) io.out(`${JSON.stringify({ id: e.id, name: e.name, city: e.city, country: e.country, start: e.start, end: e.end, topics: e.topics, sources: e.sources.length, origin: e.origin })}\n`);
      return;
    }
    if (list.length === 0) {
      io.out('no events\n');
      return;
    }
    io.out(formatTable(['ID', 'START', 'END', 'EVENT', 'PLACE', 'SOURCES'], list.map((e) => [e.id, e.start, e.end, e.name, [e.city, e.country].filter(Boolean).join(', '), String(e.sources.length)]), 60));
  }
}
