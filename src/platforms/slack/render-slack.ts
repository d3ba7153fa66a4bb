import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import type { Digest } from '../../model/digest.js';
import { groupDigest } from '../../delivery/digest-lines.js';
import { formatDuration } from '../../util/duration.js';
import { escapeSlack, neutralizeMrkdwn } from './slack-text.js';

/** A message for chat.postMessage: Block Kit blocks with a plain-text fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const link = (url: string | undefined, label: string) => (url && /^https?:\/\//.test(url) ? `<${url.replace(/[<>|]/g, encodeURIComponent)}|${neutralizeMrkdwn(label).replace(/\|/g, '¦')}>` : `*${neutralizeMrkdwn(label)}*`);
// Feed text outside links goes as plain_text: Slack renders no markup, mention or link in it.
const plain = (text: string) => ({ type: 'plain_text', text: text.slice(0, 2900), emoji: false });
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function renderAlert(alert: Alert): SlackMessage {
  const { item } = alert;
  const blocks: Array<Record<string, unknown>> = [{ type: 'section', text: { type: 'mrkdwn', text: link(item.link, item.title) } }];
  if (item.summary) blocks.push({ type: 'section', text: plain(item.summary) });
  const context: Array<Record<string, unknown>> = [plain(alert.feed.name)];
  // Slack shows <!date^…> in each reader's own time zone.
  if (item.published) context.push({ type: 'mrkdwn', text: `<!date^${unix(item.published)}^{date_short_pretty} {time}|${item.published}>` });
  if (item.topics.length) context.push(plain(`topics: ${item.topics.map((t) => `${t.id} (${t.matched.join(', ')})`).join('; ')}`));
  if (alert.alsoFrom?.length) context.push(plain(`also reported by ${alert.alsoFrom.map((a) => a.feed).join(', ')}`));
  blocks.push({ type: 'context', elements: context });
  for (const event of item.events) {
    blocks.push({ type: 'context', elements: [plain(`📅 ${event.name}${event.city ? `, ${event.city}` : ''}: ${event.start}${event.end !== event.start ? ` to ${event.end}` : ''}`)] });
  }
  return { text: neutralizeMrkdwn(`${item.title}${item.link ? ` ${item.link}` : ''}`), blocks };
}

export function renderDigest(digest: Digest): SlackMessage {
  const blocks: Array<Record<string, unknown>> = [{ type: 'header', text: plain(`${digest.period === 'daily' ? 'Daily' : 'Weekly'} digest: ${digest.entries.length} items`) }];
  for (const group of groupDigest(digest).slice(0, 20)) {
    const lines = group.entries.slice(0, 10).map((e) => `• ${link(e.link ?? undefined, e.title)} (${neutralizeMrkdwn(e.feedName)})`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${neutralizeMrkdwn(group.topic)}*\n${lines.join('\n')}`.slice(0, 2900) } });
  }
  return { text: `${digest.period} digest: ${digest.entries.length} items`, blocks };
}

export function renderReminder(reminder: Reminder): SlackMessage {
  const { event } = reminder;
  const lead = formatDuration(reminder.leadMs);
  const place = [event.city, event.country].filter(Boolean).join(', ');
  const firstLink = event.sources.find((s) => s.link)?.link ?? undefined;
  const text = `${link(firstLink, event.name)} starts in ${lead}${reminder.late ? ' (late reminder)' : ''}\n${event.start}${event.end !== event.start ? ` to ${event.end}` : ''}${place ? ` · ${escapeSlack(place)}` : ''}`;
  return { text: neutralizeMrkdwn(`${event.name} starts in ${lead}`), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
