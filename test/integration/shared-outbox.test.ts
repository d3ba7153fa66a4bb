import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertChannel } from '../../src/delivery/alert-channel.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { Alert } from '../../src/model/alert.js';
import type { TargetId } from '../../src/model/target.js';
import { ItemRepository } from '../../src/store/item-repository.js';
import { breakingLocalStaleLeases } from '../../src/store/leases.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { silentLogger } from '../../src/util/logger.js';
import { backends } from '../helpers/store-backends.js';

/**
 * Leases, and the outbox shared by several processes: on each backend, two stores opened on the
 * same place stand for two processes. Both drain the same outbox at once, and every message
 * reaches its target exactly once and in order.
 */
const TARGETS = ['t:a', 't:b', 't:c', 't:d', 't:e', 't:f'] as TargetId[];

function alert(n: number): Alert {
  return { feed: { id: 'wire', name: 'Wire' }, item: { feedId: 'wire', id: `i${n}`, title: `Story ${n}`, titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [] } };
}

/** A platform shared by both "processes", as a real one is: it records what each target got. */
class RecordingPlatform implements AlertChannel {
  readonly name = 'recording';
  readonly received: Array<[string, string]> = [];
  serves(): boolean {
    return true;
  }
  async send(target: TargetId, a: Alert): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 2)); // a send takes a moment, as on a network
    this.received.push([target, a.item.title]);
  }
}

describe.each(backends())('shared state on %s', (_title, backend) => {
  describe.skipIf(backend.skip !== undefined)(`leases and the shared outbox${backend.skip ? ` (skipped: ${backend.skip})` : ''}`, () => {
    let one: Store;
    let two: Store;
    beforeAll(async () => {
      one = await openStore(backend.url());
      two = await openStore(backend.url());
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await backend.dispose();
    });

    it('a lease is held by one holder at a time, extended by its holder, released only by it, and expires', async () => {
      expect(await one.leases.take('job', 'A', 60_000)).toBe(true);
      expect(await two.leases.take('job', 'B', 60_000)).toBe(false);
      expect(await two.leases.take('job', 'A', 60_000)).toBe(true); // the holder extends it from anywhere
      await two.leases.release('job', 'B'); // not B's to give up
      expect(await one.leases.take('job', 'B', 60_000)).toBe(false);
      await one.leases.release('job', 'A');
      expect(await two.leases.take('job', 'B', 300)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await one.leases.take('job', 'A', 60_000)).toBe(true); // B's lapsed
    });

    it("a lease left by a dead process of this host is broken at once; another host's is waited out", async () => {
      const self = `${hostname()}:${process.pid}:now`;
      const leases = breakingLocalStaleLeases(one.leases, self, (pid) => pid !== 999_999);
      expect(await two.leases.take('crashed', `${hostname()}:999999:old`, 60_000)).toBe(true); // its pid no longer runs
      expect(await leases.take('crashed', self, 60_000)).toBe(true);
      expect(await two.leases.take('restarted', `${hostname()}:${process.pid}:earlier-life`, 60_000)).toBe(true); // this pid, another life
      expect(await leases.take('restarted', self, 60_000)).toBe(true);
      expect(await two.leases.take('remote', 'elsewhere:999999:x', 60_000)).toBe(true);
      expect(await leases.take('remote', self, 60_000)).toBe(false);
      expect(await one.leases.holderOf('remote')).toBe('elsewhere:999999:x');
    });

    it('of many holders racing for one lease, exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).leases.take('race', `holder-${i}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('two processes draining one outbox at once send each message once, in order per target', async () => {
      const platform = new RecordingPlatform();
      const route = async (alerts: Alert[]) => alerts.map((a) => [{ target: TARGETS[Number(a.item.id.slice(1)) % TARGETS.length]!, way: 'instant' as const }]);
      const outbox = (store: Store, holder: string) => new Outbox(new OutboxRepository(store), new SeenRepository(store, 86_400_000), new ItemRepository(store), Date.now, silentLogger, undefined, route, undefined, undefined, undefined, { leases: store.leases, holder });
      const first = outbox(one, 'process-1');
      const second = outbox(two, 'process-2');
      await first.handOff(Array.from({ length: 60 }, (_, n) => ({ alert: alert(n), seenHashes: [`h${n}`] })));
      for (let round = 0; round < 20 && platform.received.length < 60; round += 1) await Promise.all([first.drain([platform]), second.drain([platform])]);
      const counts = new Map<string, number>();
      for (const [target, title] of platform.received) counts.set(`${target} ${title}`, (counts.get(`${target} ${title}`) ?? 0) + 1);
      expect(counts.size).toBe(60);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      for (const target of TARGETS) {
        const order = platform.received.filter(([t]) => t === target).map(([, title]) => Number(title.split(' ')[1]));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
      expect(await new OutboxRepository(two).pending()).toEqual([]);
    });
  });
});
