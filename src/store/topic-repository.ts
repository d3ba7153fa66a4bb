import type Keyv from 'keyv';
import type { TopicDefinition } from '../analysis/topics/topic-model.js';
import { IndexedCollection } from './indexed-collection.js';
import type { Store } from './open-store.js';

/**
 * Admins' changes to topics. A changed or added topic is stored whole (copy on write); a
 * removed one as a tombstone. A version number, bumped on every change, lets every process
 * notice a change with one small read and recompile its classifier.
 */
export interface StoredTopic {
  topic?: TopicDefinition;
  removed?: boolean;
  updatedAt: string;
  updatedBy: string;
}

const VERSION_KEY = '~version';

export class TopicRepository {
  private readonly keyv: Keyv<unknown>;
  private readonly topics: IndexedCollection<StoredTopic>;

  constructor(store: Store) {
    this.keyv = store.collection<unknown>('topics');
    this.topics = new IndexedCollection<StoredTopic>(store, 'topics');
  }

  async version(): Promise<number> {
    return ((await this.keyv.get(VERSION_KEY)) as number | undefined) ?? 0;
  }

  async all(): Promise<Map<string, StoredTopic>> {
    return new Map(await this.topics.entries());
  }

  async put(id: string, value: StoredTopic): Promise<void> {
    await this.topics.put(id, value);
    await this.keyv.set(VERSION_KEY, (await this.version()) + 1);
  }
}
