import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/delivery/outbox.js';
import { Calendar } from '../../src/events/calendar.js';
import { toICalendar } from '../../src/events/ics.js';
import { Reminders } from '../../src/events/reminders.js';
import type { AnalyzedItem, ExtractedEvent } from '../../src/model/item.js';
import type { Reminder } from '../../src/model/reminder.js';
import { EventRepository } from '../../src/store/event-repository.js';
import { ItemRepository } from '../../src/store/item-repository.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { ReminderRepository } from '../../src/store/reminder-repository.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { silentLogger } from '../../src/util/logger.js';
import { tempSqliteUrl } from '../helpers/pipeline.js';

const DAY = 86_400_000;
const cicc: ExtractedEvent = { name: '2024 China Information and Communication Conference', city: 'Chengdu', country: 'China', start: '2024-11-07', end: '2024-11-09' };

function item(id: string, events: ExtractedEvent[], published: string, link = `https://wire.example/${id}`): AnalyzedItem {
  return { feedId: 'wire', id, title: `Story ${id}`, titleFromText: false, link, published, text: '', html: '', categories: [], topics: [{ id: '5g', score: 3, matched: ['5G'] }], summary: '', events };
}

describe('the conference calendar on SQLite', () => {
  let file: ReturnType<typeof tempSqliteUrl>;
  let store: Store;
  let calendar: Calendar;
  let clock: number;

  beforeEach(async () => {
    file = tempSqliteUrl();
    store = await openStore(file.url);
    clock = Date.parse('2024-10-20T00:00:00Z');
    calendar = new Calendar(new EventRepository(store), () => new Date(clock));
  });
  afterEach(async () => {
    await store.close();
    file.dispose();
  });

  it('merges reports of one event from several items and feeds, listing every source once', async () => {
    await calendar.recordFromItems('wire', [item('a', [cicc], '2024-10-20T00:00:00Z')]);
    await calendar.recordFromItems('other', [item('b', [{ ...cicc, name: 'China Information and Communication Conference' }], '2024-10-21T00:00:00Z')]);
    await calendar.recordFromItems('wire', [item('a', [cicc], '2024-10-20T00:00:00Z')]);
    const all = await calendar.upcoming({ today: '2024-10-22' });
    expect(all).toHaveLength(1);
    expect(all[0]?.name).toBe('2024 China Information and Communication Conference');
    expect(all[0]?.sources.map((s) => s.link)).toEqual(['https://wire.example/a', 'https://wire.example/b']);
  });

  it('lets a later report correct the dates or the city, but never a hand-entered event', async () => {
    await calendar.recordFromItems('wire', [item('a', [cicc], '2024-10-20T00:00:00Z')]);
    await calendar.recordFromItems('wire', [item('c', [{ ...cicc, start: '2024-11-08', end: '2024-11-10', city: 'Chongqing' }], '2024-10-25T00:00:00Z')]);
    let [event] = await calendar.upcoming({ today: '2024-10-26' });
    expect(event).toMatchObject({ start: '2024-11-08', end: '2024-11-10', city: 'Chongqing', origin: 'extracted' });

    const manual = await calendar.addManual({ name: 'World Internet of Things Expo', city: 'Wuxi', country: 'China', start: '2024-11-05', end: '2024-11-08' });
    await calendar.recordFromItems('wire', [item('d', [{ name: '2024 World Internet of Things Expo', city: 'Shanghai', country: 'China', start: '2024-11-06', end: '2024-11-06' }], '2024-10-30T00:00:00Z')]);
    event = await calendar.get(manual.id);
    expect(event).toMatchObject({ city: 'Wuxi', start: '2024-11-05', end: '2024-11-08', origin: 'admin' });
    expect(event?.sources.map((s) => s.link)).toEqual(['https://wire.example/d']);
  });

  it('counts ongoing events as upcoming until their last day ends, filters by topic and window, and searches', async () => {
    await calendar.addManual({ name: 'Digital China Summit', city: 'Fuzhou', start: '2024-05-24', end: '2024-05-25', topics: ['digital-economy'] });
    await calendar.addManual({ name: 'World 5G Convention', city: 'Harbin', start: '2024-12-05', end: '2024-12-07', topics: ['5g'] });
    expect((await calendar.upcoming({ today: '2024-05-25' })).map((e) => e.name)).toEqual(['Digital China Summit', 'World 5G Convention']);
    expect((await calendar.upcoming({ today: '2024-05-26' })).map((e) => e.name)).toEqual(['World 5G Convention']);
    expect((await calendar.upcoming({ today: '2024-05-20', withinDays: 30 })).map((e) => e.name)).toEqual(['Digital China Summit']);
    expect((await calendar.upcoming({ today: '2024-05-20', topic: '5g' })).map((e) => e.name)).toEqual(['World 5G Convention']);
    expect((await calendar.search('harbin 5g')).map((e) => e.name)).toEqual(['World 5G Convention']);
  });

  it.each([
    [{ name: '', start: '2024-01-01' }, 'an event needs a name'],
    [{ name: 'X Expo', start: '2024-13-01' }, 'start "2024-13-01" is not a date: write YYYY-MM-DD'],
    [{ name: 'X Expo', start: '2024-02-03', end: '2024-02-01' }, 'the event ends (2024-02-01) before it starts (2024-02-03)'],
  ])('refuses a bad manual event: %j', async (input, message) => {
    await expect(calendar.addManual(input)).rejects.toThrow(message);
    expect(await calendar.upcoming({ today: '2000-01-01' })).toEqual([]);
  });

  it('writes valid RFC 5545: all-day events with an exclusive end, stable UIDs, sources in the description', async () => {
    await calendar.recordFromItems('wire', [item('a', [cicc], '2024-10-20T00:00:00Z')]);
    const text = toICalendar(await calendar.upcoming({ today: '2024-10-22' }), { now: new Date('2024-10-22T00:00:00Z') });
    const parsed = new ICAL.Component(ICAL.parse(text));
    const [vevent] = parsed.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe('2024 China Information and Communication Conference');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2024-11-07');
    expect(event.endDate.toString()).toBe('2024-11-10');
    expect(event.location).toBe('Chengdu, China');
    expect(event.description).toContain('https://wire.example/a');
    const again = toICalendar(await calendar.upcoming({ today: '2024-10-22' }));
    expect(new ICAL.Event(new ICAL.Component(ICAL.parse(again)).getFirstSubcomponent('vevent') ?? undefined).uid).toBe(event.uid);
  });

  describe('reminders', () => {
    let outbox: Outbox;
    let reminders: Reminders;
    const received: Reminder[] = [];
    const channel = { name: 'test', send: async () => undefined, sendReminder: async (_t: string, r: Reminder) => void received.push(r), serves: (t: string) => t === 'console' };
    const tick = async (at: string) => {
      clock = Date.parse(at);
      await reminders.handOffDue(clock);
      await outbox.drain([channel]);
    };

    beforeEach(async () => {
      received.length = 0;
      const reminderRepository = new ReminderRepository(store);
      outbox = new Outbox(new OutboxRepository(store), new SeenRepository(store, DAY), new ItemRepository(store), () => clock, silentLogger, reminderRepository);
      reminders = new Reminders(calendar, reminderRepository, outbox, 'Asia/Shanghai');
      await calendar.addManual({ name: 'World 5G Convention', city: 'Harbin', start: '2024-12-05', end: '2024-12-07' });
      await reminders.optIn('console', [7 * DAY, DAY]);
    });

    it('posts each lead time once, at its time in the channel\'s timezone, also across restarts', async () => {
      await tick('2024-11-27T15:00:00Z'); // 23:00 in Shanghai on Nov 27: 7 days before is Nov 28 00:00 local
      expect(received).toHaveLength(0);
      await tick('2024-11-27T16:00:00Z');
      await tick('2024-11-27T16:30:00Z');
      expect(received.map((r) => r.leadMs)).toEqual([7 * DAY]);
      // A restart: a new service on the same store sends nothing again.
      reminders = new Reminders(calendar, new ReminderRepository(store), outbox, 'Asia/Shanghai');
      await tick('2024-11-28T10:00:00Z');
      await tick('2024-12-03T16:00:00Z'); // Dec 4 00:00 local: one day before
      expect(received.map((r) => [r.leadMs, r.late])).toEqual([[7 * DAY, false], [DAY, false]]);
      await tick('2024-12-04T16:00:00Z'); // Dec 5 00:00 local: started, nothing more
      expect(received).toHaveLength(2);
    });

    it('after downtime, posts the nearest missed reminder late, once, and nothing for a started event', async () => {
      await tick('2024-12-04T12:00:00Z'); // Dec 4 20:00 local: both lead times passed while down; it starts in 4 hours
      expect(received.map((r) => [r.leadMs, r.late])).toEqual([[DAY, true]]);
      await tick('2024-12-04T13:00:00Z');
      expect(received).toHaveLength(1);
      await calendar.addManual({ name: 'Mobile Summit', start: '2024-12-04' }); // already under way
      await tick('2024-12-04T14:00:00Z');
      expect(received).toHaveLength(1);
    });

    it('gives an event moved to new dates fresh reminders', async () => {
      await tick('2024-11-28T01:00:00Z');
      expect(received).toHaveLength(1);
      await calendar.addManual({ name: 'World 5G Convention', city: 'Harbin', start: '2024-12-12', end: '2024-12-14' });
      await tick('2024-12-05T01:00:00Z');
      expect(received.map((r) => r.event.start)).toEqual(['2024-12-05', '2024-12-12']);
    });
  });
});
