import { FetchError, type FeedSource, type FetchRequest, type FetchResult } from './feed-source.js';

/** Routes a fetch to the source for its URL scheme. */
export class SchemeRouter implements FeedSource {
  constructor(
    private readonly byScheme: Record<string, FeedSource>,
    /** For guarded requests: http(s) only, through a source that refuses private addresses. */
    private readonly guarded?: FeedSource,
  ) {}

  fetch(req: FetchRequest): Promise<FetchResult> {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(req.url)?.[1]?.toLowerCase();
    if (req.guard) {
      if (!this.guarded || (scheme !== 'http' && scheme !== 'https')) return Promise.reject(new FetchError('bad-url', `"${req.url}" is not an http(s) URL`));
      return this.guarded.fetch(req);
    }
    const source = scheme ? this.byScheme[scheme] : undefined;
    if (!source) return Promise.reject(new FetchError('bad-url', `cannot read "${req.url}": use an http(s) URL or a file path`));
    return source.fetch(req);
  }
}
