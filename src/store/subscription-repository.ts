import type { TargetSettings } from '../model/subscription.js';
import { IndexedCollection } from './indexed-collection.js';
import type { Store } from './open-store.js';

/** Subscriptions and settings per target (channel or person). */
export class SubscriptionRepository {
  private readonly targets: IndexedCollection<TargetSettings>;

  constructor(store: Store) {
    this.targets = new IndexedCollection<TargetSettings>(store, 'subscriptions');
  }

  async all(): Promise<TargetSettings[]> {
    return (await this.targets.entries()).map(([, settings]) => settings);
  }

  get(target: string): Promise<TargetSettings | undefined> {
    return this.targets.get(target);
  }

  put(settings: TargetSettings): Promise<void> {
    return this.targets.put(settings.target, settings);
  }
}
