/**
 * The port through which the worker reads a feed, whatever the transport (HTTP, a local file).
 * A source answers with the body or "not modified", or throws a FetchError that says why.
 */
export interface FetchRequest {
  url: string;
  etag?: string;
  lastModified?: string;
  signal?: AbortSignal;
  /** Refuse private and internal addresses (feeds added from chat). */
  guard?: boolean;
}

interface FetchAnswer {
  /** Where the body finally came from, after redirects. */
  finalUrl: string;
  /**
   * Where the leading permanent redirects (301/308) from the requested URL led: poll this URL
   * from now on. A temporary hop ends the chain that is remembered (its own URL is kept).
   */
  permanentUrl?: string;
  /** The server's Cache-Control max-age, if any, in milliseconds. */
  maxAgeMs?: number;
  status: number;
}

export interface FetchedBody extends FetchAnswer {
  kind: 'body';
  body: Buffer;
  contentType?: string;
  etag?: string;
  lastModified?: string;
}

export interface NotModified extends FetchAnswer {
  kind: 'not-modified';
}

export type FetchResult = FetchedBody | NotModified;

export interface FeedSource {
  fetch(request: FetchRequest): Promise<FetchResult>;
}

export type FetchErrorKind =
  | 'network'
  | 'timeout'
  | 'http-status'
  | 'gone'
  | 'too-large'
  | 'too-many-redirects'
  | 'bad-url'
  | 'decompression'
  | 'aborted';

/** Why a fetch failed, in words fit for `feeds status`, with what the scheduler needs. */
export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'FetchError';
  }

  /** A 410 Gone, or a URL we can never fetch: retrying cannot help. */
  get permanent(): boolean {
    return this.kind === 'gone' || this.kind === 'bad-url';
  }
}
