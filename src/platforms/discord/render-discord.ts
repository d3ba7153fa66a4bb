import type { APIEmbed } from 'discord-api-types/v10';
import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import type { Digest } from '../../model/digest.js';
import { groupDigest } from '../../delivery/digest-lines.js';
import { formatDuration } from '../../util/duration.js';

/**
 * Alerts and reminders as Discord embeds. Feed text is escaped for Discord markdown (so a
 * feed's asterisks, masked links or spoilers stay text), and every message goes out with no
 * allowed mentions, so nothing in it can ping anyone. Times use Discord timestamps
 * (<t:…:f>), which each reader sees in their own time zone.
 */
export function escapeDiscord(text: string): string {
  return text
    .replace(/[\\*_~`|>[\]()#-]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b'); // belt and braces: shown as "@everyone" but never parsed as one
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const dayStamp = (day: string) => `<t:${unix(`${day}T00:00:00Z`)}:D>`;

export function renderAlert(alert: Alert): { embeds: APIEmbed[] } {
  const { item } = alert;
  const embed: APIEmbed = {
    title: item.title.slice(0, 256),
    description: (item.summary ? escapeDiscord(item.summary) : '').slice(0, 4000) || undefined,
    footer: { text: alert.feed.name.slice(0, 200) },
    fields: [],
  };
  // The title and URL fields are shown as text and a link by Discord; no markdown is parsed in a title.
  if (item.link && /^https?:\/\//.test(item.link)) embed.url = item.link;
  if (item.published) embed.timestamp = item.published;
  if (item.topics.length) {
    embed.fields!.push({ name: 'Topics', value: item.topics.map((t) => `${escapeDiscord(t.id)} (${t.matched.map(escapeDiscord).join(', ')})`).join('\n').slice(0, 1000) });
  }
  if (alert.alsoFrom?.length) {
    embed.fields!.push({ name: 'Also reported by', value: alert.alsoFrom.map((a) => (a.link && /^https?:\/\//.test(a.link) ? `[${escapeDiscord(a.feed)}](${a.link})` : escapeDiscord(a.feed))).join(', ').slice(0, 1000) });
  }
  for (const event of item.events.slice(0, 3)) {
    embed.fields!.push({ name: escapeDiscord(event.name).slice(0, 250), value: `${dayStamp(event.start)}${event.end !== event.start ? ` to ${dayStamp(event.end)}` : ''}${event.city ? ` · ${escapeDiscord(event.city)}` : ''}` });
  }
  return { embeds: [embed] };
}

export function renderDigest(digest: Digest): { embeds: APIEmbed[] } {
  const fields = groupDigest(digest)
    .slice(0, 20)
    .map((group) => ({
      name: escapeDiscord(group.topic).slice(0, 250),
      value: group.entries
        .slice(0, 8)
        .map((e) => (e.link && /^https?:\/\//.test(e.link) ? `• [${escapeDiscord(e.title).slice(0, 90)}](${e.link})` : `• ${escapeDiscord(e.title).slice(0, 90)}`))
        .join('\n')
        .slice(0, 1000),
    }));
  return { embeds: [{ title: `${digest.period === 'daily' ? 'Daily' : 'Weekly'} digest: ${digest.entries.length} items`, fields }] };
}

export function renderReminder(reminder: Reminder): { content: string; embeds: APIEmbed[] } {
  const { event } = reminder;
  const first = event.sources.find((s) => s.link)?.link ?? undefined;
  const embed: APIEmbed = {
    title: event.name.slice(0, 256),
    description: [
      `${dayStamp(event.start)}${event.end !== event.start ? ` to ${dayStamp(event.end)}` : ''} (<t:${unix(`${event.start}T00:00:00Z`)}:R>)`,
      [event.city, event.country].filter(Boolean).map((p) => escapeDiscord(p as string)).join(', '),
      ...event.sources.slice(0, 3).map((s) => `Source: ${escapeDiscord(s.title)}`),
    ]
      .filter(Boolean)
      .join('\n'),
  };
  if (first && /^https?:\/\//.test(first)) embed.url = first;
  return { content: `⏰ Starts in ${formatDuration(reminder.leadMs)}${reminder.late ? ' (late reminder)' : ''}`, embeds: [embed] };
}
