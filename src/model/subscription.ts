import type { TargetId } from './target.js';

export type DeliveryMode = 'instant' | 'daily' | 'weekly';

export interface TopicSubscription {
  /** A topic id, or "*" for every item (the console in local runs). */
  topic: string;
  mode: DeliveryMode;
}

/** Everything a channel (or a person, by direct message) has chosen. */
export interface TargetSettings {
  target: TargetId;
  subscriptions: TopicSubscription[];
  /** Set when the platform refused for good (channel gone, access lost): nothing is sent until resumed. */
  paused?: { reason: string; at: string };
  updatedAt: string;
}
