import { StoreFailure, StoreUrlError, redactUrl } from './store-failure.js';

/**
 * The server stores' URLs and failures: what open-store needs from a STORE_URL of Redis or
 * PostgreSQL, and their errors told as what they mean for the operator, naming the store by
 * its redacted URL (never its password, not even inside a driver's message).
 */
export type Backend = 'Redis' | 'PostgreSQL';

export interface RemoteTarget {
  /** The URL handed to the driver: STORE_URL without ict-radar's own parameter. */
  connectUrl: string;
  /** The value of ict-radar's own parameter (Redis key prefix, PostgreSQL schema). */
  place: string;
  /** STORE_URL as it may be printed. */
  shown: string;
  password: string;
}

/** Reads ict-radar's parameter (`?prefix=` or `?schema=`) off the URL, checked against `pattern`. */
export function remoteTarget(url: string, parameter: string, pattern: RegExp, fallback: string, rule: string): RemoteTarget {
  const shown = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreUrlError(`STORE_URL "${shown}" is not a valid URL`);
  }
  const place = parsed.searchParams.get(parameter) ?? fallback;
  if (!pattern.test(place)) throw new StoreUrlError(`STORE_URL "${shown}": ${parameter} "${place}" is not allowed (${rule})`);
  parsed.searchParams.delete(parameter);
  return { connectUrl: parsed.toString(), place, shown, password: decodeURIComponent(parsed.password) };
}

type Kind = StoreFailure['kind'];

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Redis's errors by reply prefix or client message; undefined for the caller's own errors. */
function redisKind(error: unknown): Kind | undefined {
  const { code, message } = parts(error);
  // A transaction whose commands failed: the first failure tells why.
  const replies = (error as { replies?: unknown[] } | undefined)?.replies;
  const failed = Array.isArray(replies) ? replies.find((reply) => reply instanceof Error) : undefined;
  if (failed) return redisKind(failed);
  if ((code && NETWORK_CODES.has(code)) || /^(Connection timeout|The client is (closed|offline)|Socket closed unexpectedly|Socket timeout|LOADING|MASTERDOWN)/.test(message)) return 'unreachable';
  if (/^OOM /.test(message)) return 'full';
  if (/^MISCONF /.test(message)) return 'disk';
  if (/^READONLY /.test(message)) return 'unwritable';
  if (/^(NOAUTH|WRONGPASS|NOPERM|ERR AUTH)/.test(message)) return 'refused';
  return undefined;
}

/** PostgreSQL's errors by SQLSTATE (or the driver's connection messages). */
function postgresKind(error: unknown): Kind | undefined {
  const { code, message } = parts(error);
  if ((code && (NETWORK_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code))) || /Connection terminated|timeout exceeded when trying to connect|connection error|after calling end/i.test(message)) return 'unreachable';
  if (code === '53100' || code === '53200') return 'full';
  if (code === '25006') return 'unwritable';
  if (code === '58030') return 'disk';
  if (code === 'XX001' || code === 'XX002') return 'damaged';
  if (code && (code.startsWith('28') || ['3D000', '42501', '3F000'].includes(code))) return 'refused';
  return undefined;
}

/** What the store is in each case, and what the operator should do. */
const told: Record<Kind, (backend: Backend) => [string, string]> = {
  unreachable: (backend) => ['cannot be reached', `check that ${backend} is running and that STORE_URL points to it`],
  refused: () => ['refused ict-radar', "check the user, password and database in STORE_URL, and that user's rights"],
  full: (backend) => ['is full', `free ${backend === 'Redis' ? 'memory (or raise maxmemory)' : 'disk space'} on the server, then start ict-radar again`],
  disk: () => ['cannot write to its disk', "check the server's disk"],
  unwritable: () => ['accepts no writes', 'point STORE_URL at the primary, not a read-only replica'],
  damaged: () => ['reports damaged data', 'restore it from a backup'],
  locked: () => ['is locked', 'stop the other process that holds it'],
};

/** The failure this error means for a store on `backend`, or undefined if it is not the store's. */
export function remoteFailureOf(backend: Backend, target: RemoteTarget, error: unknown): StoreFailure | undefined {
  const kind = backend === 'Redis' ? redisKind(error) : postgresKind(error);
  return kind && remoteFailure(backend, target, kind, error);
}

export function remoteFailure(backend: Backend, target: RemoteTarget, kind: Kind, error: unknown): StoreFailure {
  const { code, message } = parts(error);
  let detail = message || code || String(error);
  if (code && message && !message.includes(code)) detail = `${code}: ${message}`;
  if (target.password) detail = detail.split(target.password).join('***');
  const [state, todo] = told[kind](backend);
  // As for SQLite: a write that failed left its items unseen, so nothing is lost by stopping.
  const after = kind === 'refused' || kind === 'unwritable' ? '' : '; what could not be saved was not marked seen and is polled again';
  return new StoreFailure(kind, `the ${backend} store at ${target.shown} ${state} (${detail}): ${todo}${after}`, { cause: error });
}

function parts(error: unknown): { code: string | undefined; message: string } {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : '' };
}
