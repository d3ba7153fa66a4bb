export interface FairLimits {
  /** Tasks running at once, overall. */
  concurrency: number;
  /** Tasks running at once for one host. */
  perHost: number;
}

/**
 * Runs `task` once per item, at most `concurrency` at a time and `perHost` per host, and
 * resolves with the results in the items' order. An item whose host is full waits aside
 * without holding a slot, so a thousand feeds on one publisher never starve the other hosts.
 * Tasks are started only when a slot is free: ten thousand feeds cost the array they are in,
 * not ten thousand queued promises and closures for the whole cycle.
 *
 * A task may give its slots back before it ends by calling `release` (a poll does once its
 * request is over); they are given back at its end otherwise. A task should not throw (the
 * poll cycle turns every failure into an outcome); if one does, the others still run and the
 * first error is thrown at the end.
 */
export function runFair<T, R>(items: readonly T[], hostOf: (item: T) => string, limits: FairLimits, task: (item: T, release: () => void) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  if (items.length === 0) return Promise.resolve(results);
  const active = new Map<string, number>();
  const parked = new Map<string, number[]>();
  const ready: number[] = [];
  let next = 0;
  let running = 0;
  let finished = 0;
  let failure: { error: unknown } | undefined;

  return new Promise<R[]>((resolve, reject) => {
    const start = (index: number, host: string): void => {
      running += 1;
      active.set(host, (active.get(host) ?? 0) + 1);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        free(host);
      };
      task(items[index] as T, release).then(
        (result) => {
          results[index] = result;
          release();
          done();
        },
        (error: unknown) => {
          failure ??= { error };
          release();
          done();
        },
      );
    };
    const free = (host: string): void => {
      running -= 1;
      const left = (active.get(host) ?? 1) - 1;
      if (left === 0) active.delete(host);
      else active.set(host, left);
      const waiting = parked.get(host);
      if (waiting) {
        ready.push(waiting.shift() as number);
        if (waiting.length === 0) parked.delete(host);
      }
      fill();
    };
    const done = (): void => {
      finished += 1;
      if (finished < items.length) return;
      if (failure) reject(failure.error);
      else resolve(results);
    };
    const fill = (): void => {
      while (running < limits.concurrency) {
        const woken = ready.length > 0;
        const index = woken ? (ready.shift() as number) : next < items.length ? next++ : undefined;
        if (index === undefined) return;
        const host = hostOf(items[index] as T);
        if ((active.get(host) ?? 0) >= limits.perHost) {
          // A woken item keeps its place at the head of its host's line.
          const waiting = parked.get(host);
          if (!waiting) parked.set(host, [index]);
          else if (woken) waiting.unshift(index);
          else waiting.push(index);
          continue;
        }
        start(index, host);
      }
    };
    fill();
  });
}
