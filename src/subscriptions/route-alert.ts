import type { DeliveryMode, Routing, TargetSettings } from '../model/subscription.js';
import { dayIn, startOfDay } from '../util/timezone.js';

const HOUR = 3_600_000;

/**
 * How an alert with these topics goes to one target, or not at all: instantly (held until
 * quiet hours end), or into the daily or weekly digest (by subscription, or because the
 * target reached its hourly maximum). Pure: the caller stores the updated send log.
 */
export function routeForTarget(settings: TargetSettings, topicIds: string[], now: number, defaultZone: string): { routing?: Routing; recentSends?: number[] } {
  if (settings.paused) return {};
  const modes = settings.subscriptions.filter((s) => s.topic === '*' || topicIds.includes(s.topic)).map((s) => s.mode);
  if (modes.length === 0) return {};
  // The most immediate wish wins: one instant subscription among daily ones makes it instant.
  const mode: DeliveryMode = modes.includes('instant') ? 'instant' : modes.includes('daily') ? 'daily' : 'weekly';
  if (mode !== 'instant') return { routing: { target: settings.target, way: mode } };
  const recent = (settings.recentSends ?? []).filter((at) => now - at < HOUR);
  if (settings.maxPerHour !== undefined && recent.length >= settings.maxPerHour) {
    return { routing: { target: settings.target, way: 'daily' }, recentSends: recent };
  }
  const zone = settings.timezone ?? defaultZone;
  const quietEnd = settings.quietHours ? endOfQuiet(settings.quietHours, now, zone) : undefined;
  return { routing: { target: settings.target, way: 'instant', ...(quietEnd ? { notBefore: quietEnd } : {}) }, recentSends: [...recent, now] };
}

/** If `now` falls within quiet hours, the instant they end; otherwise undefined. */
export function endOfQuiet(quiet: { start: string; end: string }, now: number, zone: string): number | undefined {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const today = dayIn(now, zone);
  // Yesterday's window may run past midnight into today.
  for (const day of [shiftDay(today, -1), today]) {
    const base = startOfDay(day, zone);
    const start = base + minutes(quiet.start) * 60_000;
    let end = base + minutes(quiet.end) * 60_000;
    if (end <= start) end += 24 * HOUR;
    if (now >= start && now < end) return end;
  }
  return undefined;
}

function shiftDay(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 24 * HOUR).toISOString().slice(0, 10);
}

export function isTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}
