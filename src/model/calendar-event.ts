/** An industry event in the calendar: calendar dates (no time, no zone), with where we read of it. */
export interface EventSource {
  title: string;
  link: string | null;
  feedId: string;
  /** ISO instant the source was published, when known. */
  published: string | null;
}

export interface CalendarEvent {
  /** Stable: derived from the event's name (without year or edition) and its year. */
  id: string;
  name: string;
  city: string | null;
  country: string | null;
  /** YYYY-MM-DD, both inclusive. */
  start: string;
  end: string;
  topics: string[];
  sources: EventSource[];
  /** Entered by hand (config or an admin) events are never overwritten by extraction. */
  origin: 'extracted' | 'config' | 'admin';
  createdAt: string;
  updatedAt: string;
}
