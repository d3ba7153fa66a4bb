import type { Calendar } from '../events/calendar.js';
import type { FeedAdmin } from '../feeds/feed-admin.js';
import type { FeedCatalog } from '../feeds/feed-catalog.js';
import type { FeedStateRepository } from '../store/feed-state-repository.js';
import type { Reminders } from '../events/reminders.js';
import type { AnalyzedItem } from '../model/item.js';
import type { AuditLog } from '../store/audit-log.js';
import type { Subscriptions } from '../subscriptions/subscriptions.js';
import type { TopicAdmin } from '../topics/topic-admin.js';
import type { TopicCatalog } from '../topics/topic-catalog.js';

/** The domain as the chat core sees it: passed in, so a test can run commands on a real store. */
export interface ChatServices {
  feeds: FeedCatalog;
  feedAdmin: FeedAdmin;
  feedStates: FeedStateRepository;
  subscriptions: Subscriptions;
  topics: TopicCatalog;
  topicAdmin: TopicAdmin;
  calendar: Calendar;
  reminders: Reminders;
  recentItems(limit: number, topic?: string): Promise<AnalyzedItem[]>;
  audit: AuditLog;
  timezone: string;
  now(): number;
}
