import { eventKey } from '../analysis/events/extract-events.js';
import type { CalendarEvent, EventSource } from '../model/calendar-event.js';
import type { AnalyzedItem } from '../model/item.js';
import type { EventRepository } from '../store/event-repository.js';
import { shortHash } from '../util/hash.js';
import { UserError } from '../util/user-error.js';

/** A refused calendar change: the message says what to fix; nothing was stored. */
export class CalendarError extends UserError {}

export interface ManualEvent {
  name: string;
  city?: string | null;
  country?: string | null;
  start: string;
  end?: string;
  topics?: string[];
  link?: string | null;
}

/**
 * The conference calendar. The same event reported by several items and feeds is one entry
 * with all its sources; a later report that corrects the dates or the city updates it. Events
 * entered by hand (config, admins) are never changed by extraction, only given more sources.
 */
export class Calendar {
  constructor(
    private readonly events: EventRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records the events found in analyzed items (idempotent: a source is listed once). */
  async recordFromItems(feedId: string, items: AnalyzedItem[]): Promise<void> {
    if (!items.some((item) => item.events.length > 0)) return;
    const all = await this.events.all();
    for (const item of items) {
      for (const found of item.events) {
        const source: EventSource = { title: item.title, link: item.link ?? null, feedId, published: item.published ?? null };
        const id = eventId(found.name, found.start);
        const existing =
          all.find((e) => e.id === id) ??
          all.find((e) => eventKey(e.name) === eventKey(found.name) && Math.abs(Date.parse(e.start) - Date.parse(found.start)) < 120 * 86_400_000) ??
          // One event reported in two languages: the same city and the same days.
          all.find((e) => e.city !== null && e.city === found.city && e.start === found.start && e.end === found.end && isCjk(e.name) !== isCjk(found.name));
        if (!existing) {
          const created: CalendarEvent = { id, ...found, topics: item.topics.map((t) => t.id), sources: [source], origin: 'extracted', createdAt: this.stamp(), updatedAt: this.stamp() };
          all.push(created);
          await this.events.put(created);
          continue;
        }
        const sources = existing.sources.some((s) => sameSource(s, source)) ? existing.sources : [...existing.sources, source];
        let updated: CalendarEvent = { ...existing, sources, topics: [...new Set([...existing.topics, ...item.topics.map((t) => t.id)])] };
        // A newer report corrects an extracted entry; hand-entered ones keep their facts.
        if (existing.origin === 'extracted' && isNewer(source, existing.sources)) {
          updated = { ...updated, start: found.start, end: found.end, city: found.city ?? existing.city, country: found.country ?? existing.country, name: preferredName(existing.name, found.name) };
        }
        if (JSON.stringify(updated) !== JSON.stringify(existing)) {
          updated.updatedAt = this.stamp();
          Object.assign(existing, updated);
          await this.events.put(updated);
        }
      }
    }
  }

  /** An event entered by hand (an admin, or config/events.yaml). */
  async addManual(input: ManualEvent, origin: 'admin' | 'config' = 'admin'): Promise<CalendarEvent> {
    const name = input.name?.trim();
    if (!name) throw new CalendarError('an event needs a name');
    if (!isCalendarDate(input.start)) throw new CalendarError(`start "${input.start}" is not a date: write YYYY-MM-DD`);
    const end = input.end ?? input.start;
    if (!isCalendarDate(end)) throw new CalendarError(`end "${end}" is not a date: write YYYY-MM-DD`);
    if (end < input.start) throw new CalendarError(`the event ends (${end}) before it starts (${input.start})`);
    const id = eventId(name, input.start);
    const existing = await this.events.get(id);
    const event: CalendarEvent = {
      id,
      name,
      city: input.city ?? null,
      country: input.country ?? null,
      start: input.start,
      end,
      topics: input.topics ?? existing?.topics ?? [],
      sources: existing?.sources ?? (input.link ? [{ title: name, link: input.link, feedId: origin, published: null }] : []),
      origin,
      createdAt: existing?.createdAt ?? this.stamp(),
      updatedAt: this.stamp(),
    };
    await this.events.put(event);
    return event;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.events.remove(id))) throw new CalendarError(`no event with id "${id}": see \`ict-radar events upcoming\` or \`events search\``);
  }

  async get(id: string): Promise<CalendarEvent | undefined> {
    return this.events.get(id);
  }

  /** Events not yet over on `today` (ongoing ones count) that start within the window; soonest first. */
  async upcoming(options: { today: string; withinDays?: number; topic?: string }): Promise<CalendarEvent[]> {
    const until = options.withinDays === undefined ? undefined : addDays(options.today, options.withinDays);
    return (await this.events.all())
      .filter((e) => e.end >= options.today && (until === undefined || e.start <= until) && (!options.topic || e.topics.includes(options.topic)))
      .sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name));
  }

  /** Every word must appear in the name, the place or a source title (case-insensitive). */
  async search(words: string): Promise<CalendarEvent[]> {
    const wanted = words.toLowerCase().split(/\s+/).filter(Boolean);
    if (wanted.length === 0) throw new CalendarError('give at least one word to search for');
    return (await this.events.all())
      .filter((e) => {
        const hay = [e.name, e.city, e.country, ...e.sources.map((s) => s.title)].join(' ').toLowerCase();
        return wanted.every((w) => hay.includes(w));
      })
      .sort((a, b) => a.start.localeCompare(b.start));
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

function isCjk(text: string): boolean {
  return /[\u4e00-\u9fff]/.test(text);
}

export function eventId(name: string, start: string): string {
  return shortHash(`${eventKey(name)}|${start.slice(0, 4)}`).slice(0, 10);
}

function sameSource(a: EventSource, b: EventSource): boolean {
  return (a.link !== null && a.link === b.link) || (a.title === b.title && a.feedId === b.feedId);
}

function isNewer(source: EventSource, sources: EventSource[]): boolean {
  if (!source.published) return false;
  return sources.every((s) => !s.published || s.published <= source.published!);
}

function preferredName(current: string, found: string): string {
  return /(19|20)\d{2}/.test(found) && !/(19|20)\d{2}/.test(current) ? found : current;
}

export function isCalendarDate(value: string | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
