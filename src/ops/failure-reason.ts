/**
 * A failed poll's reason as a metric label: a small fixed set, never the feed or its URL, so
 * that the number of series stays bounded however many feeds there are.
 */
export const FAILURE_REASONS = ['http_4xx', 'http_5xx', 'http_other', 'timeout', 'network', 'parse', 'too_large', 'bad_url', 'store', 'other'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * Rules over the one-line reasons a poll records (PollOutcome.error, from describeError). The
 * outcome carries no error kind, only these words, which the fetchers and the parser write
 * (see http-source.ts, file-source.ts, parse-feed.ts, open-store.ts); the ops-server test pins
 * the common ones end to end. First match wins: "HTTP 503" must not read as a network error.
 */
const RULES: Array<[RegExp, FailureReason]> = [
  [/^HTTP 4\d\d\b/, 'http_4xx'],
  [/^HTTP 5\d\d\b/, 'http_5xx'],
  [/^HTTP \d{3}\b|^more than \d+ redirects/, 'http_other'],
  [/timed out|no complete answer within/i, 'timeout'],
  [/^the store |SQLITE_/, 'store'],
  [/-byte limit/, 'too_large'],
  [/not a valid URL|http\(s\) URL|only http and https|^refusing|is not a file/i, 'bad_url'],
  [/^network error|^no such file|^cannot read /i, 'network'],
  [/not a feed|not an RSS or Atom feed|unparseable feed|compressed body is corrupt|unsupported Content-Encoding/i, 'parse'],
];

export function classifyFailure(reason: string | undefined): FailureReason {
  if (!reason) return 'other';
  return RULES.find(([pattern]) => pattern.test(reason))?.[1] ?? 'other';
}
