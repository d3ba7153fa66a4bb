import type Keyv from 'keyv';
import { IndexedCollection } from './indexed-collection.js';
import type { Store } from './open-store.js';

/** Which targets want reminders (and how long before), and which reminders went out. */
export interface ReminderSubscription {
  target: string;
  leadTimesMs: number[];
  since: string;
}

export class ReminderRepository {
  private readonly keyv: Keyv<unknown>;
  private readonly subs: IndexedCollection<ReminderSubscription>;

  constructor(store: Store) {
    this.keyv = store.collection<unknown>('reminders');
    this.subs = new IndexedCollection<ReminderSubscription>(store, 'reminders', 'sub:');
  }

  async subscriptions(): Promise<ReminderSubscription[]> {
    return (await this.subs.entries()).map(([, subscription]) => subscription);
  }

  subscribe(subscription: ReminderSubscription): Promise<void> {
    return this.subs.put(subscription.target, subscription);
  }

  unsubscribe(target: string): Promise<boolean> {
    return this.subs.remove(target);
  }

  async sentAmong(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const values = await this.keyv.getMany(keys.map((k) => `sent:${k}`));
    return new Set(keys.filter((_, i) => values[i] !== undefined));
  }

  async markSent(keys: string[], at: string): Promise<void> {
    if (keys.length) await this.keyv.setMany(keys.map((k) => ({ key: `sent:${k}`, value: at, ttl: 400 * 86_400_000 })));
  }
}
