import type { APIEmbed } from 'discord-api-types/v10';
import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import type { Digest } from '../../model/digest.js';
import { groupDigest } from '../../delivery/digest-lines.js';
import { formatDuration } from '../../util/duration.js';
import { breakLinks, cleanChatText, fitEscaped, httpLink, joinWithin } from '../../text/chat-text.js';

/**
 * Alerts and reminders as Discord embeds. Feed text is escaped for Discord markdown (so a
 * feed's asterisks, masked links, spoilers, mentions or <…> syntax stay text), its URLs are
 * broken for the autolinker (the only links are the item's own, written by us), and every
 * message goes out with no allowed mentions, so nothing in it can ping anyone. Times use
 * Discord timestamps (<t:…:f>), which each reader sees in their own time zone.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|<>[\]()#-]/g, (c) => `\\${c}`)
    .replace(/^([ \t]*\d+)\./gm, '$1\\.') // "1. " would start an ordered list
    .replace(/^([ \t]*)\+(?=\s)/gm, '$1\\+') // and so would "+ "
    .replace(/@/g, '@\u200b'); // belt and braces: shown as "@everyone" but never parsed as one
}

/** Feed text for a markdown field: cleaned, unlinked, escaped, at most `max` characters. */
export const feedMarkdown = (text: string, max: number) => fitEscaped(breakLinks(cleanChatText(text)), max, escapeDiscord);
/** Feed text for a field Discord shows as typed (footer): no markdown to escape, but no mention syntax either. */
const feedPlain = (text: string, max: number) => fitEscaped(cleanChatText(text), max, (t) => t.replace(/[@<]/g, (c) => `${c}\u200b`));
/** A link target for [label](url): http(s) only, with the characters that would end or nest the markdown link encoded. */
const linkTarget = (url: string | null | undefined) => httpLink(url)?.replace(/[()[\]<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const dayStamp = (day: string) => `<t:${unix(`${day}T00:00:00Z`)}:D>`;
const isInstant = (iso: string | undefined): iso is string => Boolean(iso) && !Number.isNaN(Date.parse(iso as string));

// Discord refuses a message whose embed text totals over 6,000 characters: these budgets stay under it.
const BUDGET = { title: 256, description: 3000, footer: 200, field: 500, eventName: 100, eventValue: 250 };

export function renderAlert(alert: Alert): { embeds: APIEmbed[] } {
  const { item } = alert;
  const url = httpLink(item.link);
  const embed: APIEmbed = {
    // Discord renders markdown in embed titles too: the title is escaped like any feed text.
    title: feedMarkdown(item.title, BUDGET.title) || undefined,
    description: (item.summary ? feedMarkdown(item.summary, BUDGET.description) : '') || undefined,
    footer: { text: feedPlain(alert.feed.name, BUDGET.footer) || alert.feed.id.slice(0, BUDGET.footer) },
    fields: [],
  };
  if (url) embed.url = url;
  if (isInstant(item.published)) embed.timestamp = new Date(item.published).toISOString();
  if (item.topics.length) {
    embed.fields!.push({ name: 'Topics', value: joinWithin(item.topics.map((t) => `${feedMarkdown(t.id, 60)} (${t.matched.map((m) => feedMarkdown(m, 60)).join(', ')})`), '\n', BUDGET.field) });
  }
  if (alert.alsoFrom?.length) {
    embed.fields!.push({ name: 'Also reported by', value: joinWithin(alert.alsoFrom.map((a) => {
      const name = feedMarkdown(a.feed, 80) || '?';
      const target = linkTarget(a.link);
      return target ? `[${name}](${target})` : name;
    }), ', ', BUDGET.field) });
  }
  for (const event of item.events.slice(0, 3)) {
    const when = `${dayStamp(event.start)}${event.end !== event.start ? ` to ${dayStamp(event.end)}` : ''}`;
    embed.fields!.push({ name: feedMarkdown(event.name, BUDGET.eventName) || 'Event', value: `${when}${event.city ? ` · ${feedMarkdown(event.city, BUDGET.eventValue - when.length - 3)}` : ''}` });
  }
  return { embeds: [embed] };
}

export function renderDigest(digest: Digest): { embeds: APIEmbed[] } {
  const fields = groupDigest(digest)
    .slice(0, 20)
    .map((group) => ({
      name: feedMarkdown(group.topic, 250) || '?',
      value: joinWithin(group.entries.slice(0, 8).map((e) => {
        const target = linkTarget(e.link);
        return target ? `• [${feedMarkdown(e.title, 90)}](${target})` : `• ${feedMarkdown(e.title, 90)}`;
      }), '\n', 1000),
    }));
  return { embeds: [{ title: `${digest.period === 'daily' ? 'Daily' : 'Weekly'} digest: ${digest.entries.length} items`, fields }] };
}

export function renderReminder(reminder: Reminder): { content: string; embeds: APIEmbed[] } {
  const { event } = reminder;
  const first = httpLink(event.sources.find((s) => httpLink(s.link))?.link);
  const embed: APIEmbed = {
    title: feedMarkdown(event.name, 256) || undefined,
    description: [
      `${dayStamp(event.start)}${event.end !== event.start ? ` to ${dayStamp(event.end)}` : ''} (<t:${unix(`${event.start}T00:00:00Z`)}:R>)`,
      [event.city, event.country].filter(Boolean).map((p) => feedMarkdown(p as string, 100)).join(', '),
      ...event.sources.slice(0, 3).map((s) => `Source: ${feedMarkdown(s.title, 300)}`),
    ]
      .filter(Boolean)
      .join('\n'),
  };
  if (first) embed.url = first;
  return { content: `⏰ Starts in ${formatDuration(reminder.leadMs)}${reminder.late ? ' (late reminder)' : ''}`, embeds: [embed] };
}
