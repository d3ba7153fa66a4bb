import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyzer } from '../../src/analysis/analyze.js';
import { compileTopics } from '../../src/analysis/topics/compile.js';
import { settingsSchema, type Settings } from '../../src/config/settings-schema.js';
import type { AlertChannel } from '../../src/delivery/alert-channel.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { FeedSource } from '../../src/feeds/fetch/feed-source.js';
import { PollCycle } from '../../src/feeds/poll/poll-cycle.js';
import type { PollDependencies } from '../../src/feeds/poll/poll-feed.js';
import type { Alert } from '../../src/model/alert.js';
import type { FeedDefinition } from '../../src/model/feed.js';
import { FeedStateRepository } from '../../src/store/feed-state-repository.js';
import { ItemRepository } from '../../src/store/item-repository.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { OutboxRepository } from '../../src/store/outbox-repository.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { silentLogger } from '../../src/util/logger.js';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms: number) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Records what reached it, like a platform would see it. */
export class RecordingChannel implements AlertChannel {
  readonly name = 'recording';
  readonly received: Alert[] = [];
  failNext = 0;
  serves(target: string): boolean {
    return target === 'console';
  }
  async send(_target: string, alert: Alert): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('platform unavailable');
    }
    this.received.push(alert);
  }
  titles(): string[] {
    return this.received.map((a) => a.item.title);
  }
}

export function testSettings(overrides: Record<string, unknown> = {}): Settings {
  return settingsSchema.parse(overrides);
}

export function feed(id: string, url = `https://feeds.example/${id}.xml`, intervalMs = 30 * 60_000): FeedDefinition {
  return { id, name: `Feed ${id}`, url, intervalMs, enabled: true };
}

/** A temporary SQLite file, removed at dispose. */
export function tempSqliteUrl(): { url: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-test-'));
  return { url: `sqlite://${path.join(dir, 'state.sqlite')}`, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Pipeline {
  store: Store;
  states: FeedStateRepository;
  seen: SeenRepository;
  outboxEntries: OutboxRepository;
  outbox: Outbox;
  cycle: PollCycle;
  deps: PollDependencies;
}

/** The real pipeline (poll cycle, repositories, outbox) on a real store, with a fake source and clock. */
export async function buildPipeline(options: { storeUrl: string; source: FeedSource; clock: TestClock; settings?: Settings; seen?: SeenRepository }): Promise<Pipeline> {
  const store = await openStore(options.storeUrl);
  const settings = options.settings ?? testSettings();
  const states = new FeedStateRepository(store);
  const seen = options.seen ?? new SeenRepository(store, settings.items.seenRetention);
  const outboxEntries = new OutboxRepository(store);
  const outbox = new Outbox(outboxEntries, seen, new ItemRepository(store), options.clock.now, silentLogger);
  const deps: PollDependencies = {
    source: options.source,
    states,
    seen,
    handOff: (batch) => outbox.handOff(batch),
    analyzer: async () => createAnalyzer(compileTopics([])),
    settings,
    now: options.clock.now,
    logger: silentLogger,
  };
  const cycle = new PollCycle({ ...deps, concurrency: 4 });
  return { store, states, seen, outboxEntries, outbox, cycle, deps };
}
