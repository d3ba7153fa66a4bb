import { editDistance } from '../config/config-error.js';
import type { DeliveryMode, Routing, TargetSettings } from '../model/subscription.js';
import type { TargetId } from '../model/target.js';
import type { SubscriptionRepository } from '../store/subscription-repository.js';
import type { TopicCatalog } from '../topics/topic-catalog.js';
import { isTime, routeForTarget } from './route-alert.js';
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

  async subscribe(target: TargetId, topic: string, mode: DeliveryMode = 'instant', by?: TargetId): Promise<SubscribeResult> {
    await this.knownTopic(topic);
    const found = await this.repository.get(target);
    const settings = found ?? { target, subscriptions: [], updatedAt: this.stamp(), ...(by && by !== target ? { setUpBy: by } : {}) };
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
    return (await this.route(topicIds, this.now().getTime(), 'UTC', false)).filter((r) => r.way === 'instant').map((r) => r.target);
  }

  /**
   * How an item with these topics goes to each target: instantly (perhaps held for quiet
   * hours) or into a digest. Records instant sends for the hourly maximum when `record` is set.
   */
  async route(topicIds: string[], now: number, defaultZone: string, record = true): Promise<Routing[]> {
    return (await this.routeMany([topicIds], now, defaultZone, record))[0] ?? [];
  }

  /** `route` for a batch of items: the subscriptions are read once. */
  async routeMany(topicLists: string[][], now: number, defaultZone: string, record = true): Promise<Routing[][]> {
    const all = [...this.fixed, ...(await this.repository.all())];
    const changed = new Map<string, TargetSettings>();
    const result = topicLists.map((topicIds) => {
      const routings: Routing[] = [];
      for (const [i, original] of all.entries()) {
        const settings = changed.get(original.target) ?? original;
        const { routing, recentSends } = routeForTarget(settings, topicIds, now, defaultZone);
        if (!routing) continue;
        routings.push(routing);
        if (record && recentSends && settings.maxPerHour !== undefined && i >= this.fixed.length) changed.set(settings.target, { ...settings, recentSends });
      }
      return routings;
    });
    for (const settings of changed.values()) await this.repository.put(settings);
    return result;
  }

  /** Quiet hours, digest time, time zone and hourly maximum of a target (admins). */
  async configure(target: TargetId, changes: Pick<TargetSettings, 'quietHours' | 'digestTime' | 'timezone' | 'maxPerHour'>): Promise<TargetSettings> {
    if (changes.quietHours && (!isTime(changes.quietHours.start) || !isTime(changes.quietHours.end))) throw new SubscriptionError('quiet hours are two times like 22:00-07:00');
    if (changes.digestTime !== undefined && !isTime(changes.digestTime)) throw new SubscriptionError('the digest time is a time like 09:00');
    if (changes.maxPerHour !== undefined && (!Number.isInteger(changes.maxPerHour) || changes.maxPerHour < 1 || changes.maxPerHour > 1000)) throw new SubscriptionError('the hourly maximum is a whole number from 1 to 1000');
    if (changes.timezone !== undefined) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: changes.timezone });
      } catch {
        throw new SubscriptionError(`"${changes.timezone}" is not a time zone: use a name such as Asia/Shanghai or Europe/Berlin`);
      }
    }
    const settings = (await this.repository.get(target)) ?? { target, subscriptions: [], updatedAt: this.stamp() };
    const updated = { ...settings, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), updatedAt: this.stamp() };
    await this.repository.put(updated);
    return updated;
  }

  async clearQuietHours(target: TargetId): Promise<void> {
    const settings = await this.repository.get(target);
    if (!settings?.quietHours) return;
    const { quietHours: _quiet, ...rest } = settings;
    await this.repository.put({ ...rest, updatedAt: this.stamp() });
  }

  /** Pauses a target the platform refused for good; returns who set it up, to be told (only the first time). */
  async pause(target: TargetId, reason: string): Promise<TargetId | undefined> {
    const settings = await this.repository.get(target);
    if (!settings || settings.paused) return undefined;
    await this.repository.put({ ...settings, paused: { reason, at: this.stamp() }, updatedAt: this.stamp() });
    return settings.setUpBy;
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
