import { describe, expect, it } from 'vitest';
import { runFair } from '../../src/feeds/poll/fair-runner.js';
import { groupCommit } from '../../src/feeds/poll/group-commit.js';
import { HostLimiter } from '../../src/feeds/fetch/host-limiter.js';

/** A promise with its resolve and reject outside. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runFair', () => {
  it('keeps to both limits and returns the results in the items\' order', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ n: i, host: `h${i % 3}` }));
    let running = 0;
    let most = 0;
    const perHost = new Map<string, number>();
    let mostOnAHost = 0;
    const results = await runFair(items, (item) => item.host, { concurrency: 5, perHost: 2 }, async (item) => {
      running += 1;
      perHost.set(item.host, (perHost.get(item.host) ?? 0) + 1);
      most = Math.max(most, running);
      mostOnAHost = Math.max(mostOnAHost, perHost.get(item.host) ?? 0);
      await tick();
      running -= 1;
      perHost.set(item.host, (perHost.get(item.host) ?? 0) - 1);
      return item.n * 2;
    });
    expect(results).toEqual(items.map((item) => item.n * 2));
    expect(most).toBeLessThanOrEqual(5);
    expect(mostOnAHost).toBe(2);
  });

  it('lets a lone host through while another host\'s crowd waits for its own slots', async () => {
    const crowd = Array.from({ length: 8 }, (_, i) => ({ id: `busy-${i}`, host: 'busy' }));
    const started: string[] = [];
    const results = await runFair([...crowd, { id: 'lone', host: 'quiet' }], (item) => item.host, { concurrency: 2, perHost: 1 }, async (item) => {
      started.push(item.id);
      await tick();
      return item.id;
    });
    // One slot went to the busy host, the other to the quiet one, not to a second busy feed.
    expect(started.slice(0, 2)).toEqual(['busy-0', 'lone']);
    expect(results).toEqual([...crowd.map((item) => item.id), 'lone']);
  });

  it('gives a slot back when the task releases it, before the task ends', async () => {
    const finish = deferred();
    const started: number[] = [];
    const run = runFair([0, 1, 2], () => 'one-host', { concurrency: 1, perHost: 1 }, async (n, release) => {
      started.push(n);
      if (n === 0) {
        release();
        release(); // a second call changes nothing
        await finish.promise;
      }
      return n;
    });
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish.resolve();
    expect(await run).toEqual([0, 1, 2]);
  });

  it('runs every task when one throws, then throws the first error', async () => {
    const ran: number[] = [];
    const run = runFair([0, 1, 2], (n) => `h${n}`, { concurrency: 2, perHost: 1 }, async (n) => {
      ran.push(n);
      if (n === 1) throw new Error('boom');
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(ran.sort()).toEqual([0, 1, 2]);
  });
});

describe('groupCommit', () => {
  it('writes the calls that arrive during a write together, and each waits for its own write', async () => {
    const writes: number[][] = [];
    const gates: Array<ReturnType<typeof deferred<void>>> = [];
    const write = groupCommit<number>(async (batch) => {
      writes.push([...batch]);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
    });
    const done: string[] = [];
    const first = write([1]).then(() => done.push('first'));
    await tick();
    const second = write([2, 3]).then(() => done.push('second'));
    const third = write([4]).then(() => done.push('third'));
    await tick();
    expect(writes).toEqual([[1]]);
    gates[0]?.resolve();
    await first;
    await tick();
    expect(writes).toEqual([[1], [2, 3, 4]]);
    expect(done).toEqual(['first']);
    gates[1]?.resolve();
    await Promise.all([second, third]);
    expect(done).toEqual(['first', 'second', 'third']);
  });

  it('fails the callers of a failed write only, and goes on with the next group', async () => {
    let fail = true;
    const written: number[][] = [];
    const write = groupCommit<number>(async (batch) => {
      await tick();
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      written.push([...batch]);
    });
    const failed = write([1]);
    failed.catch(() => undefined);
    await Promise.resolve(); // the first write has started: the next call forms the next group
    const later = write([2]);
    await expect(failed).rejects.toThrow('disk full');
    await expect(later).resolves.toBeUndefined();
    expect(written).toEqual([[2]]);
    await expect(write([])).resolves.toBeUndefined();
  });
});

describe('HostLimiter', () => {
  it('hands out at most N distinct slots per host and reuses them', async () => {
    const limiter = new HostLimiter(2);
    const inUse = new Set<number>();
    let most = 0;
    const slots = await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.run('example.com', async (slot) => {
          expect(inUse.has(slot)).toBe(false);
          inUse.add(slot);
          most = Math.max(most, inUse.size);
          await tick();
          inUse.delete(slot);
          return slot;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(new Set(slots)).toEqual(new Set([0, 1]));
    // Another host starts from its own first slot.
    expect(await limiter.run('other.example', async (slot) => slot)).toBe(0);
  });
});
