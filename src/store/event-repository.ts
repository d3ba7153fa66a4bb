import type Keyv from 'keyv';
import type { CalendarEvent } from '../model/calendar-event.js';
import type { Store } from './open-store.js';

/** The conference calendar: one entry per event, plus an index of ids (the calendar is small). */
const INDEX = '~ids';

export class EventRepository {
  private readonly keyv: Keyv<unknown>;

  constructor(store: Store) {
    this.keyv = store.collection<unknown>('events');
  }

  async all(): Promise<CalendarEvent[]> {
    const ids = ((await this.keyv.get(INDEX)) as string[] | undefined) ?? [];
    if (ids.length === 0) return [];
    const values = (await this.keyv.getMany(ids)) as Array<CalendarEvent | undefined>;
    return values.filter((v): v is CalendarEvent => v !== undefined);
  }

  async get(id: string): Promise<CalendarEvent | undefined> {
    return (await this.keyv.get(id)) as CalendarEvent | undefined;
  }

  async put(event: CalendarEvent): Promise<void> {
    await this.keyv.set(event.id, event);
    const ids = ((await this.keyv.get(INDEX)) as string[] | undefined) ?? [];
    if (!ids.includes(event.id)) await this.keyv.set(INDEX, [...ids, event.id]);
  }

  async remove(id: string): Promise<boolean> {
    const ids = ((await this.keyv.get(INDEX)) as string[] | undefined) ?? [];
    if (!ids.includes(id)) return false;
    await this.keyv.set(INDEX, ids.filter((x) => x !== id));
    await this.keyv.delete(id);
    return true;
  }
}
