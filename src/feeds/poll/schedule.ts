import type { FailureSettings } from '../../config/settings-schema.js';
import { unitHash } from '../../util/hash.js';

/**
 * When a feed is polled next. Each feed owns a fixed slot within its interval (derived from
 * its id), so a thousand feeds with one interval are spread over it, and stay spread after a
 * restart or an outage, instead of all being fetched at the same second.
 */
export function nextSlot(now: number, intervalMs: number, feedId: string): number {
  const offset = unitHash(feedId) * intervalMs;
  let next = offset + Math.floor((now - offset) / intervalMs + 1) * intervalMs;
  // Polled off its slot (first read, after downtime): don't come back sooner than half an interval.
  if (next - now < intervalMs / 2) next += intervalMs;
  return next;
}

/** A never-read feed's first poll after start: spread over a short window, not the whole interval. */
export function firstPollAt(startedAt: number, intervalMs: number, feedId: string, windowMs: number): number {
  return startedAt + unitHash(`first:${feedId}`) * Math.min(intervalMs, windowMs);
}

/** After a success: the slot, or later if the server's Cache-Control asks for it (within limits). */
export function nextAfterSuccess(now: number, intervalMs: number, feedId: string, maxAgeMs: number | undefined, maxCacheAgeMs: number): number {
  const slot = nextSlot(now, intervalMs, feedId);
  if (maxAgeMs === undefined) return slot;
  return Math.max(slot, now + Math.min(maxAgeMs, maxCacheAgeMs));
}

/** After the n-th consecutive failure: base × 2ⁿ⁻¹ up to the maximum, or the server's Retry-After if longer. */
export function nextAfterFailure(now: number, failures: number, settings: FailureSettings, retryAfterMs?: number): number {
  const exponential = settings.backoffBase * 2 ** Math.min(Math.max(failures - 1, 0), 30);
  const wait = Math.min(Math.max(exponential, retryAfterMs ?? 0), settings.backoffMax);
  return now + wait;
}
