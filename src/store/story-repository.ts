import type Keyv from 'keyv';
import type { Store } from './open-store.js';

/** Stories announced lately, to recognise the same story from another feed. */
export interface Story {
  key: string;
  feedId: string;
  signature: string[];
  at: number;
  /** Other feeds that reported it. */
  alsoFrom: Array<{ feed: string; link: string | null }>;
  /** Where it was sent instantly: its outbox entries are `${key}:${target}`. */
  targets?: string[];
}

const KEY = 'recent';
const KEEP_MS = 48 * 3_600_000;
const KEEP_COUNT = 5_000;

export class StoryRepository {
  private readonly keyv: Keyv<Story[]>;

  constructor(store: Store) {
    this.keyv = store.collection<Story[]>('stories');
  }

  async recent(now: number): Promise<Story[]> {
    return ((await this.keyv.get(KEY)) ?? []).filter((s) => now - s.at < KEEP_MS);
  }

  async save(stories: Story[], now: number): Promise<void> {
    await this.keyv.set(KEY, stories.filter((s) => now - s.at < KEEP_MS).slice(-KEEP_COUNT));
  }
}
