import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultBodyLimit, HTTPModuleFunctions, HTTPReceiver, isRawBodyError, isValidSlackRequest, LogLevel } from '@slack/bolt';
import type { Logger } from '../../util/logger.js';

/**
 * Slack signs each request over "v0:<timestamp>:<body>", and Bolt refuses a bad signature and a
 * timestamp more than five minutes old. Inside those five minutes the very same signed request
 * can be sent again by whoever captured it, and Bolt would run it again. This guard remembers
 * the requests already accepted and refuses a second copy.
 */

/** Bolt's window: a timestamp is accepted until it is five minutes old. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

export type Admission = 'first' | 'replay' | 'future' | 'full';

export interface ReplayGuardOptions {
  /** Hard cap on remembered requests; past it new requests are refused rather than a replay let through. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * A bounded memory of accepted (timestamp, signature) pairs. Each pair is forgotten once its
 * timestamp has left Bolt's window (a copy sent later is refused by Bolt as stale), so the memory
 * holds at most five minutes of genuine traffic, and never more than `maxEntries`.
 */
export class ReplayGuard {
  // Key → the moment it may be forgotten (ms).
  private readonly seen = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(options: ReplayGuardOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.seen.size;
  }

  /**
   * Records a request whose signature was verified. `timestampSec` is the header as a number and
   * `signatureHash` the hex after "v0=": the values the signature covers, so that re-spelling the
   * headers ("0" + timestamp, "v0=<hash>=x") still names the same request.
   */
  admit(timestampSec: number, signatureHash: string): Admission {
    const now = this.now();
    // Bolt checks only the past; a timestamp far ahead would stay valid (and remembered) for long.
    if (timestampSec * 1000 > now + REPLAY_WINDOW_MS) return 'future';
    this.sweep(now, false);
    const key = `${timestampSec}:${signatureHash.toLowerCase()}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return 'replay';
    if (this.seen.size >= this.maxEntries) {
      this.sweep(now, true);
      if (this.seen.size >= this.maxEntries) return 'full';
    }
    // A second past the window's end, so that rounding to whole seconds never opens a gap.
    this.seen.set(key, timestampSec * 1000 + REPLAY_WINDOW_MS + 1_000);
    return 'first';
  }

  /** Drops expired pairs: every ten seconds at most, or at once when the cap is reached. */
  private sweep(now: number, force: boolean): void {
    if (!force && now < this.nextSweep) return;
    this.nextSweep = now + 10_000;
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}

export interface GuardedReceiverOptions {
  signingSecret: string;
  logger: Logger;
  guard?: ReplayGuard;
}

const EVENTS_PATH = '/slack/events';

/**
 * Bolt's own HTTP receiver with the replay guard in front of its request listener. A POST to the
 * events path is read (Bolt's buffering: Bolt reuses the buffered body) and checked with Bolt's
 * own signature check; a genuine request seen before is answered 401 and never reaches the app.
 * Everything else goes to Bolt unchanged, which verifies again and refuses what is not genuine.
 */
export function replayGuardedReceiver(options: GuardedReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: [EVENTS_PATH], logLevel: LogLevel.ERROR });
  const guard = options.guard ?? new ReplayGuard();
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    // Other paths and methods stay synchronous, so Bolt's dispatch-error handling (404) still applies.
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== EVENTS_PATH) return bolt(req, res);
    void screen(req, res, options, guard)
      .then((pass) => {
        if (pass) bolt(req, res);
      })
      .catch(() => {
        if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
      });
  };
  return receiver;
}

/** True when Bolt should handle the request; false when it was answered here. */
async function screen(req: IncomingMessage, res: ServerResponse, options: GuardedReceiverOptions, guard: ReplayGuard): Promise<boolean> {
  let body: string;
  try {
    body = (await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit)).rawBody.toString();
  } catch (error) {
    // The body could not be read: Bolt could not read it again either, so answer as Bolt would.
    const tooLarge = isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413);
    HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 400);
    return false;
  }
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string') return true;
  // Not genuine (bad signature, stale, malformed): Bolt refuses it in its own way.
  if (!isValidSlackRequest({ signingSecret: options.signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } })) return true;
  // Bolt reads the hash as the part between the first and second "=".
  const verdict = guard.admit(timestamp, signature.split('=')[1] ?? '');
  if (verdict === 'first') return true;
  // Neither the signature nor anything derived from the secret is logged.
  const fields = { timestamp, from: req.socket.remoteAddress };
  if (verdict === 'replay') options.logger.warn('slack request refused: the same signed request was already accepted (a replay)', fields);
  else if (verdict === 'future') options.logger.warn('slack request refused: its timestamp is more than five minutes in the future', fields);
  else options.logger.warn('slack request refused: too many requests to remember within five minutes', fields);
  HTTPModuleFunctions.buildNoBodyResponse(res, verdict === 'full' ? 503 : 401);
  return false;
}
