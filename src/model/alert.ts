import type { AnalyzedItem } from './item.js';

/** A new item on its way to people: platform-neutral; each platform renders it its own way. */
export interface Alert {
  feed: { id: string; name: string };
  item: AnalyzedItem;
}
