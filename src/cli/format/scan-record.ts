import type { AnalyzedItem } from '../../model/item.js';

/**
 * The fixed JSON shape of `scan --json` and `poll --json`, one object per line. Other tools
 * read it: fields are never renamed, and absent values are null, never missing.
 */
export interface ScanRecord {
  feed: string;
  id: string;
  title: string;
  link: string | null;
  published: string | null;
  topics: Array<{ id: string; score: number; matched: string[] }>;
  summary: string;
  events: Array<{ name: string; city: string | null; country: string | null; start: string; end: string }>;
}

export function toScanRecord(feed: string, item: AnalyzedItem): ScanRecord {
  return {
    feed,
    id: item.id,
    title: item.title,
    link: item.link ?? null,
    published: item.published ?? null,
    topics: item.topics.map(({ id, score, matched }) => ({ id, score, matched })),
    summary: item.summary,
    events: item.events.map(({ name, city, country, start, end }) => ({ name, city, country, start, end })),
  };
}
