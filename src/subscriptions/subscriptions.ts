import { editDistance } from '../config/config-error.js';
import type { DeliveryMode, TargetSettings } from '../model/subscription.js';
import type { TargetId } from '../model/target.js';
import type { SubscriptionRepository } from '../store/subscription-repository.js';
import type { TopicCatalog } from '../topics/topic-catalog.js';
import { UserError } from '../util/user-error.js';

/** A refused subscription change: the message says what to do instead; nothing was stored. */
export class SubscriptionError extends UserError {}

export type SubscribeResult = 'subscribed' | 'changed' | 'already';

/**
 * Who gets which topics, and how. Topic ids are checked against the catalog in force, with
 * the closest ids suggested for a typo.
 */
export class Subscriptions {
  constructor(
    private readonly repository: SubscriptionRepository,
    private readonly topics: TopicCatalog,
    private readonly now: () => Date = () => new Date(),
    /** Targets subscribed to everything without being stored (the console in local runs). */
    private readonly fixed: TargetSettings[] = [],
  ) {}

  async subscribe(target: TargetId, topic: string, mode: DeliveryMode = 'instant'): Promise<SubscribeResult> {
    await this.knownTopic(topic);
    const settings = (await this.repository.get(target)) ?? { target, subscriptions: [], updatedAt: this.stamp() };
    const existing = settings.subscriptions.find((s) => s.topic === topic);
    if (existing?.mode === mode) return 'already';
    const subscriptions = existing ? settings.subscriptions.map((s) => (s.topic === topic ? { topic, mode } : s)) : [...settings.subscriptions, { topic, mode }];
    await this.repository.put({ ...settings, subscriptions, updatedAt: this.stamp() });
    return existing ? 'changed' : 'subscribed';
  }

  async unsubscribe(target: TargetId, topic: string): Promise<boolean> {
    const settings = await this.repository.get(target);
    if (!settings?.subscriptions.some((s) => s.topic === topic)) return false;
    await this.repository.put({ ...settings, subscriptions: settings.subscriptions.filter((s) => s.topic !== topic), updatedAt: this.stamp() });
    return true;
  }

  async of(target: TargetId): Promise<TargetSettings | undefined> {
    return this.fixed.find((f) => f.target === target) ?? this.repository.get(target);
  }

  /** The targets that want an item with these topics right away (paused ones excluded). */
  async instantTargets(topicIds: string[]): Promise<TargetId[]> {
    const all = [...this.fixed, ...(await this.repository.all())];
    return all
      .filter((t) => !t.paused && t.subscriptions.some((s) => s.mode === 'instant' && (s.topic === '*' || topicIds.includes(s.topic))))
      .map((t) => t.target);
  }

  async pause(target: TargetId, reason: string): Promise<void> {
    const settings = await this.repository.get(target);
    if (settings && !settings.paused) await this.repository.put({ ...settings, paused: { reason, at: this.stamp() }, updatedAt: this.stamp() });
  }

  async resume(target: TargetId): Promise<boolean> {
    const settings = await this.repository.get(target);
    if (!settings?.paused) return false;
    const { paused: _paused, ...rest } = settings;
    await this.repository.put({ ...rest, updatedAt: this.stamp() });
    return true;
  }

  private async knownTopic(topic: string): Promise<void> {
    const all = await this.topics.topics();
    if (all.some((t) => t.id === topic && t.enabled)) return;
    if (all.some((t) => t.id === topic)) throw new SubscriptionError(`topic "${topic}" is disabled by an admin`);
    const ids = all.map((t) => t.id);
    const close = ids.filter((id) => editDistance(id, topic.toLowerCase()) <= 2 || id.includes(topic.toLowerCase())).slice(0, 3);
    throw new SubscriptionError(`unknown topic "${topic}"${close.length ? `: did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''} (topics: ${ids.join(', ')})`);
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
