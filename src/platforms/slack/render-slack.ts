import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import type { Digest } from '../../model/digest.js';
import { groupDigest } from '../../delivery/digest-lines.js';
import { formatDuration } from '../../util/duration.js';
import { cleanChatText, cut, httpLink, joinWithin } from '../../text/chat-text.js';
import { inlineMrkdwn } from './slack-text.js';

/** A message for chat.postMessage: Block Kit blocks with a plain-text fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

// Slack refuses a text object over 3,000 characters; a little under leaves room for our own words.
const MAX_TEXT = 2900;
/** mrkdwn, verbatim: Slack would otherwise turn bare URLs and #channel names in it into links by itself. */
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
// Feed text outside links goes as plain_text: Slack renders no markup, mention or link in it, so it is not escaped.
const plain = (text: string, max = MAX_TEXT) => ({ type: 'plain_text', text: cut(cleanChatText(text), max) || '-', emoji: false });
/** A URL for <url|label> and <url>: http(s) only, with the characters that end the token encoded. */
const target = (url: string | null | undefined) => httpLink(url)?.replace(/[<>|]/g, encodeURIComponent);

/**
 * Feed text as a link to `url` (only http(s), and only a URL that leaves room for a label), otherwise
 * in bold; at most `max` characters in all, of which at most `labelMax` for the label.
 */
function link(url: string | null | undefined, label: string, max = MAX_TEXT, labelMax = max): string {
  const to = target(url);
  if (to && to.length <= max - 100) return `<${to}|${inlineMrkdwn(label, Math.min(labelMax, max - to.length - 3)).replace(/\|/g, '¦') || '(untitled)'}>`;
  return `*${inlineMrkdwn(label, Math.min(labelMax, max - 2)) || '(untitled)'}*`;
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const isInstant = (iso: string | undefined): iso is string => Boolean(iso) && !Number.isNaN(Date.parse(iso as string));

export function renderAlert(alert: Alert): SlackMessage {
  const { item } = alert;
  const blocks: Array<Record<string, unknown>> = [{ type: 'section', text: mrkdwn(link(item.link, item.title)) }];
  if (cleanChatText(item.summary ?? '').trim()) blocks.push({ type: 'section', text: plain(item.summary) });
  const context: Array<Record<string, unknown>> = [plain(alert.feed.name || alert.feed.id, 300)];
  // Slack shows <!date^…> in each reader's own time zone; the fallback is ours, not the feed's.
  if (isInstant(item.published)) context.push(mrkdwn(`<!date^${unix(item.published)}^{date_short_pretty} {time}|${new Date(item.published).toISOString()}>`));
  if (item.topics.length) context.push(plain(`topics: ${item.topics.map((t) => `${t.id} (${t.matched.join(', ')})`).join('; ')}`, 1000));
  if (alert.alsoFrom?.length) context.push(plain(`also reported by ${alert.alsoFrom.map((a) => a.feed).join(', ')}`, 1000));
  blocks.push({ type: 'context', elements: context });
  // A few events at most: Slack refuses a message of over 50 blocks.
  for (const event of item.events.slice(0, 3)) {
    blocks.push({ type: 'context', elements: [plain(`📅 ${event.name}${event.city ? `, ${event.city}` : ''}: ${event.start}${event.end !== event.start ? ` to ${event.end}` : ''}`, 500)] });
  }
  const to = target(item.link);
  return { text: `${inlineMrkdwn(item.title, 2000)}${to && to.length <= 2000 ? ` <${to}>` : ''}`, blocks };
}

export function renderDigest(digest: Digest): SlackMessage {
  const blocks: Array<Record<string, unknown>> = [{ type: 'header', text: plain(`${digest.period === 'daily' ? 'Daily' : 'Weekly'} digest: ${digest.entries.length} items`, 150) }];
  for (const group of groupDigest(digest).slice(0, 20)) {
    const lines = group.entries.slice(0, 10).map((e) => `• ${link(e.link, e.title, 1000, 200)} (${inlineMrkdwn(e.feedName, 100)})`);
    blocks.push({ type: 'section', text: mrkdwn(joinWithin([`*${inlineMrkdwn(group.topic, 100)}*`, ...lines], '\n', MAX_TEXT)) });
  }
  return { text: `${digest.period} digest: ${digest.entries.length} items`, blocks };
}

export function renderReminder(reminder: Reminder): SlackMessage {
  const { event } = reminder;
  const lead = formatDuration(reminder.leadMs);
  const place = [event.city, event.country].filter(Boolean).join(', ');
  const firstLink = event.sources.find((s) => httpLink(s.link))?.link;
  const text = `${link(firstLink, event.name, 2000)} starts in ${lead}${reminder.late ? ' (late reminder)' : ''}\n${event.start}${event.end !== event.start ? ` to ${event.end}` : ''}${place ? ` · ${inlineMrkdwn(place, 200)}` : ''}`;
  return { text: `${inlineMrkdwn(event.name, 1900)} starts in ${lead}`, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
