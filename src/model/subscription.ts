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
  /** Who set this target up (a personal target), told once if the platform refuses it for good. */
  setUpBy?: string;
  /** Set when the platform refused for good (channel gone, access lost): nothing is sent until resumed. */
  paused?: { reason: string; at: string };
  /** Instant alerts wait while it is quiet ("22:00" to "07:00", in the target's time zone). */
  quietHours?: { start: string; end: string };
  /** When digests go out ("09:00"); weekly digests on Mondays. */
  digestTime?: string;
  /** The target's own time zone for quiet hours and digests (default: settings.timezone). */
  timezone?: string;
  /** At most this many instant alerts an hour; the rest wait for the next digest. */
  maxPerHour?: number;
  /** Instant alerts routed in the last hour (ms), to keep to maxPerHour. */
  recentSends?: number[];
  updatedAt: string;
}

/** How one alert goes to one target. */
export type Routing = { target: TargetId; way: 'instant'; notBefore?: number } | { target: TargetId; way: 'daily' | 'weekly' };
