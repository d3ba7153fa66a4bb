import type { Outbox } from '../delivery/outbox.js';
import type { DigestRepository } from '../store/digest-repository.js';
import { dayIn, startOfDay } from '../util/timezone.js';
import type { Subscriptions } from './subscriptions.js';

const DAY = 86_400_000;

/**
 * Daily and weekly digests: alerts queued for a target go out together at the target's digest
 * time (09:00 in its time zone by default; weekly on Mondays), as one message grouped by topic.
 */
export class Digests {
  constructor(
    private readonly repository: DigestRepository,
    private readonly subscriptions: Subscriptions,
    private readonly outbox: Outbox,
    private readonly defaultZone: string,
  ) {}

  async handOffDue(now: number): Promise<number> {
    let count = 0;
    for (const box of await this.repository.all()) {
      if (box.entries.length === 0) continue;
      const settings = await this.subscriptions.of(box.target);
      if (settings?.paused) continue;
      const zone = settings?.timezone ?? this.defaultZone;
      const oldest = Math.min(...box.entries.map((e) => e.queuedAt));
      if (now < nextDigestAfter(oldest, settings?.digestTime ?? '09:00', zone, box.period)) continue;
      await this.outbox.handOffDigest({ target: box.target, period: box.period, entries: box.entries });
      count += 1;
    }
    return count;
  }
}

/** The first digest time after `after`: the next hh:mm in the zone (weekly: the next Monday at hh:mm). */
export function nextDigestAfter(after: number, time: string, zone: string, period: 'daily' | 'weekly'): number {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  let day = dayIn(after, zone);
  for (let i = 0; i < 8; i += 1) {
    const at = startOfDay(day, zone) + minutes * 60_000;
    const monday = new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    if (at > after && (period === 'daily' || monday)) return at;
    day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  }
  return after + 7 * DAY;
}
