import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/model/calendar-event.js';
import type { Alert } from '../../src/model/alert.js';
import type { AnalyzedItem } from '../../src/model/item.js';
import { renderAlert as discordAlert, renderDigest as discordDigest, renderReminder as discordReminder, escapeDiscord } from '../../src/platforms/discord/render-discord.js';
import { renderAlert as slackAlert, renderDigest as slackDigest, renderReminder as slackReminder } from '../../src/platforms/slack/render-slack.js';
import { escapeSlack, inlineMrkdwn, neutralizeMrkdwn, toMrkdwn } from '../../src/platforms/slack/slack-text.js';
import { cut, fitEscaped, wellFormed } from '../../src/text/chat-text.js';

const event: CalendarEvent = {
  id: 'abc123def0',
  name: 'World 5G Convention <!channel> @everyone',
  city: 'Harbin',
  country: 'China',
  start: '2024-12-05',
  end: '2024-12-07',
  topics: ['5g'],
  sources: [{ title: 'Harbin hosts *the* convention', link: 'https://wire.example/w5g', feedId: 'wire', published: null }],
  origin: 'extracted',
  createdAt: '2024-11-01T00:00:00Z',
  updatedAt: '2024-11-01T00:00:00Z',
};

describe('rendering for the platforms', () => {
  it('shows a reminder on Discord with timestamps each reader sees in their own zone, and no live markup', () => {
    const message = discordReminder({ event, target: 'discord:1:2', leadMs: 86_400_000, late: false });
    expect(message.content).toBe('⏰ Starts in 1d');
    expect(message.embeds[0]?.description).toContain(`<t:${Date.parse('2024-12-05T00:00:00Z') / 1000}:D> to <t:${Date.parse('2024-12-07T00:00:00Z') / 1000}:D>`);
    expect(message.embeds[0]?.description).toContain('Source: Harbin hosts \\*the\\* convention');
    expect(message.embeds[0]?.url).toBe('https://wire.example/w5g');
  });

  it('shows a reminder on Slack with the name as a safe link and the dates', () => {
    const message = slackReminder({ event, target: 'slack:T:C', leadMs: 7 * 86_400_000, late: true });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('<https://wire.example/w5g|World 5G Convention &lt;!channel&gt; @everyone>');
    expect(text).toContain('2024-12-05 to 2024-12-07');
    expect(message.text).toBe('World 5G Convention &lt;!channel&gt; @everyone starts in 7d');
  });

  it('groups a digest by topic on both platforms', () => {
    const digest = { target: 't', period: 'daily' as const, entries: [
      { key: '1', title: 'NB-IoT meters', link: 'https://a.example/1', feedName: 'A', topics: ['iot'], published: null, queuedAt: 0 },
      { key: '2', title: 'RedCap *modules*', link: null, feedName: 'B', topics: ['5g', 'iot'], published: null, queuedAt: 0 },
    ] };
    const d = discordDigest(digest).embeds[0];
    expect(d?.title).toBe('Daily digest: 2 items');
    expect(d?.fields?.map((f) => f.name)).toEqual(['iot', '5g']);
    expect(d?.fields?.[0]?.value).toContain('• [NB\\-IoT meters](https://a.example/1)');
    expect(d?.fields?.[1]?.value).toBe('• RedCap \\*modules\\*');
    const s = JSON.stringify(slackDigest(digest).blocks);
    expect(s).toContain('*iot*');
    expect(s).toContain('RedCap ＊modules＊');
  });

  it.each([
    ['<!here> & <@U1>', '&lt;!here&gt; &amp; &lt;@U1&gt;'],
    ['<https://evil|x>', '&lt;https://evil|x&gt;'],
  ])('escapes Slack text %s', (input, output) => expect(escapeSlack(input)).toBe(output));

  it('neutralizes Slack formatting from feeds and renders the core markup', () => {
    expect(neutralizeMrkdwn('*bold* _it_ ~s~ `c`')).toBe('＊bold＊ ＿it＿ ～s～ ｀c｀');
    expect(toMrkdwn('**5g** [Title <x>](https://a.example/p) `code` \\*no\\*')).toBe('*5g* <https://a.example/p|Title &lt;x&gt;> `code` ＊no＊');
  });

  it('escapes Discord markdown and breaks mentions in feed text', () => {
    expect(escapeDiscord('@everyone [x](https://evil) **b**')).toBe('@\u200beveryone \\[x\\]\\(https://evil\\) \\*\\*b\\*\\*');
  });
});

/** An alert around the given item fields, for the rows below. */
const alertOf = (item: Partial<AnalyzedItem>, extra: Partial<Alert> = {}): Alert => ({
  feed: { id: 'wire', name: 'Wire' },
  item: { feedId: 'wire', id: 'i1', title: 'Title', titleFromText: false, text: '', html: '', categories: [], topics: [], summary: '', events: [], ...item },
  ...extra,
});
const longEvent = (n: number) => ({ name: `Expo ${n} ${'x'.repeat(300)}`, city: `City ${'y'.repeat(300)}`, country: null, start: '2025-05-01', end: '2025-05-02' });

describe('feed text that tries to ping, link or format (found by the sanitize-render tests)', () => {
  it.each([
    ['slash-command, emoji and timestamp syntax', '</radar-admin:1> <:e:2> <t:0:R>', '\\</radar\\-admin:1\\> \\<:e:2\\> \\<t:0:R\\>'],
    ['list markers at a line start', '1. one\n+ two', '1\\. one\n\\+ two'],
  ])('escapes %s for Discord', (_what, input, output) => expect(escapeDiscord(input)).toBe(output));

  it('escapes the Discord embed title, unlinks bare URLs, and keeps mention syntax out of the footer', () => {
    const embed = discordAlert(alertOf({ title: '**Big** <@1> @here', summary: 'see https://evil.example/x', link: 'https://news.example/a' }, { feed: { id: 'w', name: '@everyone <@&2>' } })).embeds[0]!;
    expect(embed.title).toBe('\\*\\*Big\\*\\* \\<@\u200b1\\> @\u200bhere');
    expect(embed.description).toBe('see https:\u200b//evil.example/x');
    expect(embed.footer?.text).toBe('@\u200beveryone <\u200b@\u200b&2>');
    expect(embed.url).toBe('https://news.example/a');
  });

  it('keeps an other feed\'s link inside its Discord markdown link, and drops non-http ones', () => {
    const embed = discordAlert(alertOf({}, { alsoFrom: [{ feed: 'B', link: 'https://b.example/s(1)][x](https://evil.example' }, { feed: 'C', link: 'javascript:alert(1)' }] })).embeds[0]!;
    expect(embed.fields?.find((f) => f.name === 'Also reported by')?.value).toBe('[B](https://b.example/s%281%29%5D%5Bx%5D%28https://evil.example), C');
  });

  it('keeps a Discord embed under 6,000 characters and drops a link or date it cannot trust', () => {
    const topics = Array.from({ length: 30 }, (_, n) => ({ id: `t${n}`, score: 3, matched: ['term '.repeat(20)] }));
    const embed = discordAlert(alertOf({ title: 'T'.repeat(100_000), summary: 'S'.repeat(1_000_000), topics, events: [1, 2, 3, 4].map(longEvent), link: 'data:text/html,x', published: 'not a date' }, { alsoFrom: Array.from({ length: 40 }, () => ({ feed: 'F'.repeat(200), link: 'https://f.example/' })) })).embeds[0]!;
    const total = [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(total).toBeLessThanOrEqual(6000);
    expect(embed.title?.length).toBeLessThanOrEqual(256);
    expect(embed.fields?.every((f) => f.value.length <= 1024 && f.name.length <= 256)).toBe(true);
    expect(embed.url).toBeUndefined();
    expect(embed.timestamp).toBeUndefined();
  });

  it('never leaves a half escape where a Discord digest title is cut', () => {
    const value = discordDigest({ target: 't', period: 'daily', entries: [{ key: '1', title: `${'a'.repeat(88)}*]`, link: 'https://a.example/1', feedName: 'A', topics: ['iot'], published: null, queuedAt: 0 }] }).embeds[0]?.fields?.[0]?.value;
    expect(value).toMatch(/^• \[a+…\]\(https:\/\/a\.example\/1\)$/);
  });

  it('sends Slack mrkdwn verbatim, within Slack\'s limits, on one line, with well-formed text', () => {
    const message = slackAlert(alertOf({ title: `Line\n&gt; quote \uD800 ${'long '.repeat(20_000)}`, summary: 'S'.repeat(1_000_000), events: Array.from({ length: 60 }, (_, n) => longEvent(n)), published: '2025-01-02T03:04:05Z' }));
    const first = message.blocks[0] as { text: { type: string; text: string; verbatim: boolean } };
    expect(first.text.verbatim).toBe(true);
    expect(first.text.text.length).toBeLessThanOrEqual(3000);
    expect(first.text.text.startsWith('*Line &amp;gt; quote \ufffd long')).toBe(true);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text.length).toBeLessThanOrEqual(40_000);
    expect(JSON.stringify(message.blocks)).toContain('|2025-01-02T03:04:05.000Z>');
  });

  it('unlinks bare URLs in Slack mrkdwn and links only the item', () => {
    expect(inlineMrkdwn('go to https://evil.example/x_y')).toBe('go to https:\u200b//evil.example/x＿y');
    const message = slackAlert(alertOf({ title: 'News https://evil.example', link: 'https://news.example/a_b|c' }));
    expect((message.blocks[0] as { text: { text: string } }).text.text).toBe('<https://news.example/a_b%7Cc|News https:\u200b//evil.example>');
    expect(message.text).toBe('News https:\u200b//evil.example <https://news.example/a_b%7Cc>');
  });

  it('fits escaped text without splitting an escape or a surrogate pair', () => {
    expect(fitEscaped('ab*cd*ef', 7, escapeDiscord)).toBe('ab\\*c…');
    expect(fitEscaped('a & b & c', 9, escapeSlack)).toBe('a &amp;…');
    expect(cut('😀😀😀', 4)).toBe('😀…');
    expect(wellFormed('a\uD800b\uDC00c😀')).toBe('a\ufffdb\ufffdc😀');
  });
});
