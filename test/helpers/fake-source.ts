import type { FeedSource, FetchRequest, FetchResult } from '../../src/feeds/fetch/feed-source.js';

/**
 * A FeedSource fake: serves whatever body the test sets for a URL, answers conditional
 * requests like a real server (ETag per body), or throws the error the test sets.
 */
export class FakeFeedSource implements FeedSource {
  readonly requests: FetchRequest[] = [];
  private readonly bodies = new Map<string, { body: string; etag: string } | Error>();
  private version = 0;

  set(url: string, body: string | Error): void {
    this.version += 1;
    this.bodies.set(url, typeof body === 'string' ? { body, etag: `"v${this.version}"` } : body);
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    this.requests.push(request);
    const entry = this.bodies.get(request.url);
    if (!entry) throw new Error(`FakeFeedSource has nothing for ${request.url}`);
    if (entry instanceof Error) throw entry;
    if (request.etag === entry.etag) return { kind: 'not-modified', finalUrl: request.url, status: 304 };
    return { kind: 'body', finalUrl: request.url, status: 200, body: Buffer.from(entry.body, 'utf8'), etag: entry.etag, contentType: 'application/rss+xml; charset=utf-8' };
  }
}

export interface TestItem {
  guid?: string;
  title?: string;
  link?: string;
  pubDate?: string;
  description?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small RSS 2.0 document (items in the order given: newest first, as feeds list them). */
export function rss(items: TestItem[], title = 'Test Wire'): string {
  const body = items
    .map((item) =>
      [
        '<item>',
        item.title !== undefined ? `<title>${escapeXml(item.title)}</title>` : '',
        item.link !== undefined ? `<link>${escapeXml(item.link)}</link>` : '',
        item.guid !== undefined ? `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>` : '',
        item.pubDate !== undefined ? `<pubDate>${item.pubDate}</pubDate>` : '',
        item.description !== undefined ? `<description>${escapeXml(item.description)}</description>` : '',
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://wire.example/</link>\n${body}\n</channel></rss>`;
}
