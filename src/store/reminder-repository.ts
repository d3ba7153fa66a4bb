import type Keyv from 'keyv';
import type { Store } from './open-store.js';

/** Which targets want reminders (and how long before), and which reminders went out. */
export interface ReminderSubscription {
  target: string;
  leadTimesMs: number[];
  since: string;
}

const INDEX = 'sub:~targets';

export class ReminderRepository {
  private readonly keyv: Keyv<unknown>;

  constructor(store: Store) {
    this.keyv = store.collection<unknown>('reminders');
  }

  async subscriptions(): Promise<ReminderSubscription[]> {
    const targets = ((await this.keyv.get(INDEX)) as string[] | undefined) ?? [];
    if (targets.length === 0) return [];
    const values = (await this.keyv.getMany(targets.map((t) => `sub:${t}`))) as Array<ReminderSubscription | undefined>;
    return values.filter((v): v is ReminderSubscription => v !== undefined);
  }

  async subscribe(subscription: ReminderSubscription): Promise<void> {
    await this.keyv.set(`sub:${subscription.target}`, subscription);
    const targets = ((await this.keyv.get(INDEX)) as string[] | undefined) ?? [];
    if (!targets.includes(subscription.target)) await this.keyv.set(INDEX, [...targets, subscription.target]);
  }

  async unsubscribe(target: string): Promise<boolean> {
    const targets = ((await this.keyv.get(INDEX)) as string[] | undefined) ?? [];
    if (!targets.includes(target)) return false;
    await this.keyv.set(INDEX, targets.filter((t) => t !== target));
    await this.keyv.delete(`sub:${target}`);
    return true;
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
