import { describe, expect, it } from 'vitest';
import { firstPollAt, nextAfterFailure, nextAfterSuccess, nextSlot } from '../../src/feeds/poll/schedule.js';
import { cronExpressionFor } from '../../src/worker/worker.js';

const MIN = 60_000;
const failures = { backoffBase: 5 * MIN, backoffMax: 24 * 60 * MIN, disableAfter: 10 };

describe('schedule', () => {
  it('spreads a thousand feeds with one interval evenly over it', () => {
    const now = Date.parse('2026-05-01T00:00:00Z');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 1000; i += 1) {
      const next = nextSlot(now, 30 * MIN, `feed-${i}`);
      const phase = (next % (30 * MIN)) / (30 * MIN);
      buckets[Math.floor(phase * 10)] += 1;
    }
    // Each tenth of the interval holds about 100 feeds, never a pile-up.
    for (const count of buckets) expect(count).toBeGreaterThan(60);
    for (const count of buckets) expect(count).toBeLessThan(140);
  });

  it('keeps a feed on its slot and never comes back sooner than half an interval', () => {
    const now = Date.parse('2026-05-01T00:00:00Z');
    const first = nextSlot(now, 30 * MIN, 'wire');
    expect(first - now).toBeGreaterThanOrEqual(15 * MIN);
    expect(nextSlot(first, 30 * MIN, 'wire')).toBe(first + 30 * MIN);
  });

  it('lets Cache-Control postpone a poll, within the configured ceiling', () => {
    const now = 0;
    expect(nextAfterSuccess(now, 30 * MIN, 'wire', 2 * 3_600_000, 6 * 3_600_000)).toBe(2 * 3_600_000);
    expect(nextAfterSuccess(now, 30 * MIN, 'wire', 48 * 3_600_000, 6 * 3_600_000)).toBe(6 * 3_600_000);
    expect(nextAfterSuccess(now, 30 * MIN, 'wire', 60_000, 6 * 3_600_000)).toBe(nextSlot(now, 30 * MIN, 'wire'));
  });

  it.each([
    [1, 5 * MIN],
    [2, 10 * MIN],
    [3, 20 * MIN],
    [10, 24 * 60 * MIN],
  ])('GIVEN failure number %d THEN waits %d ms', (n, wait) => expect(nextAfterFailure(0, n, failures)).toBe(wait));

  it('spreads first polls after start over a short window', () => {
    const at = firstPollAt(1_000, 30 * MIN, 'wire', 5 * MIN);
    expect(at).toBeGreaterThanOrEqual(1_000);
    expect(at).toBeLessThan(1_000 + 5 * MIN);
  });

  it.each([
    [30_000, '*/30 * * * * *'],
    [1_000, '*/1 * * * * *'],
    [120_000, '0 */2 * * * *'],
  ])('GIVEN a tick of %d ms THEN cron %s', (ms, expression) => expect(cronExpressionFor(ms)).toBe(expression));
});
