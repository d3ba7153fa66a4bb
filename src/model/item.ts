/** An item as read from a feed, normalized: every text field is plain, trimmed text. */
export interface FeedItem {
  guid?: string;
  /** An absolute http(s) link, or absent: other schemes (javascript:, data:) are dropped. */
  link?: string;
  title: string;
  /** True when the feed gave no title and the start of the text stands in for it. */
  titleFromText: boolean;
  /** ISO-8601 instant in UTC, or absent when the feed gave none or an unreadable one. */
  published?: string;
  /** The item's body as plain text (HTML stripped, entities decoded). */
  text: string;
  /** The body as the feed sent it (HTML), kept for the analysis stages that want structure. */
  html: string;
  author?: string;
  categories: string[];
}

export interface TopicMatch {
  id: string;
  score: number;
  matched: string[];
}

export interface ExtractedEvent {
  name: string;
  city: string | null;
  country: string | null;
  /** Calendar dates, YYYY-MM-DD. */
  start: string;
  end: string;
}

/** What analysis adds to an item: topics, a summary, events. */
export interface Analysis {
  topics: TopicMatch[];
  summary: string;
  events: ExtractedEvent[];
}

/** An item with its identity within its feed and its analysis: what the pipeline hands on. */
export interface AnalyzedItem extends FeedItem, Analysis {
  feedId: string;
  /** The hashed identity of the item within its feed. */
  id: string;
}
