import type Keyv from 'keyv';
import type { TopicDefinition } from '../analysis/topics/topic-model.js';
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
const INDEX_KEY = '~ids';

export class TopicRepository {
  private readonly keyv: Keyv<unknown>;

  constructor(store: Store) {
    this.keyv = store.collection<unknown>('topics');
  }

  async version(): Promise<number> {
    return ((await this.keyv.get(VERSION_KEY)) as number | undefined) ?? 0;
  }

  async all(): Promise<Map<string, StoredTopic>> {
    const ids = ((await this.keyv.get(INDEX_KEY)) as string[] | undefined) ?? [];
    const values = ids.length ? ((await this.keyv.getMany(ids)) as Array<StoredTopic | undefined>) : [];
    const found = new Map<string, StoredTopic>();
    ids.forEach((id, i) => {
      const value = values[i];
      if (value) found.set(id, value);
    });
    return found;
  }

  async put(id: string, value: StoredTopic): Promise<void> {
    const ids = ((await this.keyv.get(INDEX_KEY)) as string[] | undefined) ?? [];
    await this.keyv.set(id, value);
    if (!ids.includes(id)) await this.keyv.set(INDEX_KEY, [...ids, id]);
    await this.keyv.set(VERSION_KEY, (await this.version()) + 1);
  }
}
