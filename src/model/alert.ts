import type { AnalyzedItem } from './item.js';

/** A new item on its way to people: platform-neutral; each platform renders it its own way. */
export interface Alert {
  feed: { id: string; name: string };
  item: AnalyzedItem;
  /** The same story from other feeds, named in the message instead of sent again. */
  alsoFrom?: Array<{ feed: string; link: string | null }>;
}
