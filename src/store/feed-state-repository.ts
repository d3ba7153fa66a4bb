import type Keyv from 'keyv';
import { type FeedState, initialFeedState } from '../model/feed-state.js';
import type { Store } from './open-store.js';

/** States written together by the write-behind (one setMany, one statement on SQLite). */
const BATCH_SIZE = 500;
/** A partly filled batch is written after this long, so a quiet worker does not sit on it. */
const BATCH_DELAY_MS = 1_000;
/** Keys per read: @keyv/sqlite matches rows to keys with a linear search, quadratic in the keys asked. */
const READ_CHUNK = 250;

interface Batch {
  states: Map<string, FeedState>;
  written: Promise<void>;
  settle: (error?: unknown) => void;
}

/**
 * Feed states (validators, schedule, health). Besides plain reads and writes, a poll cycle
 * writes behind: `putLater` collects states and writes them in batches, because a write per
 * feed queued on the store's one connection held each poll's slot for longer than its
 * request did. Reads see the collected states before they are written, and every store
 * access runs in turn, so no read can miss a batch written while it ran.
 */
export class FeedStateRepository {
  private readonly keyv: Keyv<FeedState>;
  private open: Batch | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Closed batches whose write has not finished, oldest first. */
  private readonly closed: Batch[] = [];
  private turn: Promise<unknown> = Promise.resolve();

  constructor(store: Store) {
    this.keyv = store.collection<FeedState>('feed_state');
  }

  /** The feed's state, fresh when none is stored or when the configured URL changed. */
  async get(feedId: string, url: string): Promise<FeedState> {
    const stored = await this.inTurn(async () => this.unwritten(feedId) ?? (await this.keyv.get(feedId)));
    if (!stored) return initialFeedState(feedId, url);
    if (stored.url !== url) {
      // A new URL is a new feed as far as validators and redirects go; its health history stays.
      const { etag: _e, lastModified: _l, movedTo: _m, ...rest } = stored;
      return { ...rest, url, consecutiveFailures: 0 };
    }
    return stored;
  }

  async getMany(feedIds: string[]): Promise<Map<string, FeedState>> {
    return this.inTurn(async () => {
      const found = new Map<string, FeedState>();
      for (let start = 0; start < feedIds.length; start += READ_CHUNK) {
        const ids = feedIds.slice(start, start + READ_CHUNK);
        const values = await this.keyv.getMany(ids);
        values.forEach((value, index) => {
          if (value) found.set(ids[index] as string, value);
        });
      }
      const unwritten = this.open ? [...this.closed, this.open] : this.closed;
      if (unwritten.length === 0) return found;
      const wanted = new Set(feedIds);
      for (const batch of unwritten) {
        for (const [id, state] of batch.states) if (wanted.has(id)) found.set(id, state);
      }
      return found;
    });
  }

  /** Writes now, after any batch already closed; a collected older state of this feed is dropped. */
  async put(state: FeedState): Promise<void> {
    this.open?.states.delete(state.feedId);
    await this.inTurn(() => this.keyv.set(state.feedId, state));
  }

  /**
   * Collects the state to be written with others. Resolves once it is durable, rejects if
   * its batch could not be written (the state is then dropped, as a failed `put` would be).
   * Callers must have made durable everything the state covers (hand-off, seen marks) first.
   */
  putLater(state: FeedState): Promise<void> {
    if (!this.open) {
      let settle!: (error?: unknown) => void;
      const written = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      // Handled here: a caller that does not wait must not make an unhandled rejection.
      written.catch(() => undefined);
      this.open = { states: new Map(), written, settle };
    }
    const batch = this.open;
    batch.states.set(state.feedId, state);
    if (batch.states.size >= BATCH_SIZE) this.close();
    else this.timer ??= setTimeout(() => this.close(), BATCH_DELAY_MS).unref();
    return batch.written;
  }

  /** Writes what is collected; resolves when every batch so far is written (or failed). */
  async flush(): Promise<void> {
    this.close();
    await Promise.allSettled(this.closed.map((batch) => batch.written));
  }

  private close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.open;
    if (!batch) return;
    this.open = undefined;
    this.closed.push(batch);
    const write = this.inTurn(() => this.keyv.setMany([...batch.states.values()].map((value) => ({ key: value.feedId, value }))));
    void write.then(
      () => this.settled(batch),
      (error: unknown) => this.settled(batch, error ?? new Error('the feed states could not be written')),
    );
  }

  private settled(batch: Batch, error?: unknown): void {
    this.closed.splice(this.closed.indexOf(batch), 1);
    batch.settle(error);
  }

  /** The newest collected state of a feed that is not yet written, if any. */
  private unwritten(feedId: string): FeedState | undefined {
    const open = this.open?.states.get(feedId);
    if (open) return open;
    for (let i = this.closed.length - 1; i >= 0; i -= 1) {
      const state = this.closed[i]?.states.get(feedId);
      if (state) return state;
    }
    return undefined;
  }

  /** One store access at a time, in call order. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }
}
