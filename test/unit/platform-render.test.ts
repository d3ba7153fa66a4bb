import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/model/calendar-event.js';
import { renderDigest as discordDigest, renderReminder as discordReminder, escapeDiscord } from '../../src/platforms/discord/render-discord.js';
import { renderDigest as slackDigest, renderReminder as slackReminder } from '../../src/platforms/slack/render-slack.js';
import { escapeSlack, neutralizeMrkdwn, toMrkdwn } from '../../src/platforms/slack/slack-text.js';

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
