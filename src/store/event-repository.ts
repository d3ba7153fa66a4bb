import type { CalendarEvent } from '../model/calendar-event.js';
import { IndexedCollection } from './indexed-collection.js';
import type { Store } from './open-store.js';

/** The conference calendar: one entry per event (the calendar is small enough to list). */
export class EventRepository {
  private readonly events: IndexedCollection<CalendarEvent>;

  constructor(store: Store) {
    this.events = new IndexedCollection<CalendarEvent>(store, 'events');
  }

  async all(): Promise<CalendarEvent[]> {
    return (await this.events.entries()).map(([, event]) => event);
  }

  get(id: string): Promise<CalendarEvent | undefined> {
    return this.events.get(id);
  }

  put(event: CalendarEvent): Promise<void> {
    return this.events.put(event.id, event);
  }

  remove(id: string): Promise<boolean> {
    return this.events.remove(id);
  }
}
