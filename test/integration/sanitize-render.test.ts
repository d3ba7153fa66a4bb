/**
 * Untrusted feed text, rendered for Discord and Slack, must not ping, link or format anything
 * the feed chose. Inputs: feedparser's 745 sanitizing cases (scripts, javascript: links, event
 * handlers, iframes, styles, entities) and our own adversarial items. Every item goes through the
 * real parse path and the real analysis, then both renderers; a handful also go through the real
 * discord.js and Bolt clients to loopback servers, and the checks run on what those received.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyze.js';
import { compileTopics } from '../../src/analysis/topics/compile.js';
import type { ChatServices } from '../../src/chat/services.js';
import { bundledConfigDir, loadConfig } from '../../src/config/load-config.js';
import { chooseStrategy, identify } from '../../src/feeds/identify/item-identity.js';
import { decodeFeed } from '../../src/feeds/parse/decode.js';
import { parseFeed } from '../../src/feeds/parse/parse-feed.js';
import type { Alert } from '../../src/model/alert.js';
import type { FeedItem } from '../../src/model/item.js';
import { DiscordPlatform } from '../../src/platforms/discord/discord-platform.js';
import { renderAlert as renderDiscord } from '../../src/platforms/discord/render-discord.js';
import { renderAlert as renderSlack } from '../../src/platforms/slack/render-slack.js';
import { SlackPlatform } from '../../src/platforms/slack/slack-platform.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID } from '../../src/tools/loopback/fake-discord.js';
import { FakeSlack } from '../../src/tools/loopback/fake-slack.js';
import { silentLogger } from '../../src/util/logger.js';
import { ADVERSARIAL, ADVERSARIAL_FEED_NAME, type AdversarialItem } from '../helpers/adversarial-items.js';
import { repoRoot } from '../helpers/cli.js';
import { rss } from '../helpers/fake-source.js';
import { readFeedparserMeta } from '../helpers/feedparser-expect.js';
import { discordProblems, type RenderExpectation, slackProblems } from '../helpers/render-invariants.js';

const CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpora', 'feedparser', 'wellformed', 'sanitize');
const corpusExists = existsSync(CORPUS);
const BASE_URL = 'http://example.org/';
const PUBLISHED = '2025-03-04T05:06:07.000Z';
// The shipped topic pack, so that topic fields (which quote matched feed words) are rendered too.
const analyze = createAnalyzer(compileTopics(loadConfig(bundledConfigDir).topics));

const analyzed = (feedId: string, item: FeedItem, id: string) => ({ ...item, ...analyze(item), feedId, id });

/** Bytes to alerts the way pollFeed makes them: decode, parse, identify, analyze. FeedAdmin names an added feed after its title, so the title is the feed name here. */
async function alertsOf(bytes: Buffer, feedId: string, contentType?: string): Promise<{ alerts: Alert[]; feedName?: string }> {
  const parsed = await parseFeed(decodeFeed(bytes, contentType).text, BASE_URL);
  const feed = { id: feedId, name: (parsed.title ?? feedId).slice(0, 200) };
  const identified = identify(parsed.items, chooseStrategy(parsed.items));
  return { alerts: identified.map(({ item, id }) => ({ feed, item: analyzed(feedId, item, id) })), feedName: parsed.title };
}

/** An alert for a feed-level case (no item): the feed's title is both the feed name and, as if it announced itself, the title. */
function feedLevelAlert(feedId: string, name: string): Alert {
  const item: FeedItem = { title: name, titleFromText: false, text: '', html: '', categories: [] };
  return { feed: { id: feedId, name: name.slice(0, 200) }, item: analyzed(feedId, item, 'feed') };
}

const expectationOf = (alert: Alert): RenderExpectation => ({ link: alert.item.link, otherLinks: alert.alsoFrom?.map((a) => a.link), title: alert.item.title, summary: alert.item.summary });

/** Every problem of one alert on both platforms, labelled; a throwing renderer is a problem too. */
function renderProblems(label: string, alert: Alert): { discord: string[]; slack: string[] } {
  const attempt = (render: () => string[]) => {
    try {
      return render().map((p) => `${label}: ${p}`);
    } catch (error) {
      return [`${label}: threw ${error instanceof Error ? error.message : String(error)}`];
    }
  };
  return {
    discord: attempt(() => discordProblems(renderDiscord(alert), expectationOf(alert), { wire: false })),
    slack: attempt(() => slackProblems(renderSlack(alert), expectationOf(alert))),
  };
}

describe.skipIf(!corpusExists)(`feedparser's sanitize cases rendered for Discord and Slack${corpusExists ? '' : ` (skipped: corpus absent at ${CORPUS})`}`, () => {
  const files = corpusExists ? readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).sort() : [];
  const outcomes: Array<{ file: string; about: string; alerts: Alert[]; error?: string }> = [];

  beforeAll(async () => {
    for (const file of files) {
      const bytes = readFileSync(path.join(CORPUS, file));
      const meta = readFeedparserMeta(bytes);
      const about = meta.description ?? file;
      try {
        const { alerts, feedName } = await alertsOf(bytes, file.replace(/\.xml$/, ''), meta.contentType);
        outcomes.push({ file, about, alerts: alerts.length === 0 && feedName ? [feedLevelAlert(file, feedName)] : alerts });
      } catch (error) {
        outcomes.push({ file, about, alerts: [], error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
  }, 120_000);

  it('reads every case as a feed and builds its alerts through the real analysis', () => {
    expect(files.length).toBeGreaterThanOrEqual(700);
    expect(outcomes.filter((o) => o.error).map((o) => `${o.file}: ${o.error}`)).toEqual([]);
    expect(outcomes.flatMap((o) => o.alerts).length).toBeGreaterThanOrEqual(600);
  });

  it('renders every alert on both platforms with no ping, no foreign or unsafe link, no feed markup, and the title still readable', () => {
    const discord: string[] = [];
    const slack: string[] = [];
    let items = 0;
    let feedLevel = 0;
    for (const outcome of outcomes) {
      for (const alert of outcome.alerts) {
        if (alert.item.id === 'feed') feedLevel += 1;
        else items += 1;
        const found = renderProblems(`${outcome.file} (${outcome.about})`, alert);
        discord.push(...found.discord);
        slack.push(...found.slack);
      }
    }
    const empty = outcomes.filter((o) => o.alerts.length === 0).length;
    console.log(`sanitize corpus: ${files.length} files (${empty} with neither an item nor a feed title); ${items} items and ${feedLevel} feed-level alerts rendered on Discord and on Slack each (${discord.length} Discord and ${slack.length} Slack problems)`);
    expect({ discord, slack }).toEqual({ discord: [], slack: [] });
  });
});

/** An adversarial item as a feed serves it (RSS, XML-escaped), through the parse path. */
async function parsedAlert(entry: AdversarialItem, n: number): Promise<Alert> {
  const xml = rss([{ guid: `adv-${n}`, title: entry.title, link: entry.link, description: entry.description, pubDate: new Date(PUBLISHED).toUTCString() }], ADVERSARIAL_FEED_NAME);
  const { alerts } = await alertsOf(Buffer.from(xml, 'utf8'), `adv-${n}`, 'application/rss+xml; charset=utf-8');
  expect(alerts).toHaveLength(1);
  return { ...alerts[0]!, ...(entry.alsoFrom ? { alsoFrom: entry.alsoFrom } : {}) };
}

/** The same item handed to the renderers as is, as if the parse path had been bypassed (a stored item, another code path). */
function directAlert(entry: AdversarialItem, n: number): Alert {
  const item: FeedItem = { title: entry.title, titleFromText: false, text: entry.description, html: entry.description, categories: [], published: PUBLISHED, ...(entry.link !== undefined ? { link: entry.link } : {}) };
  const alert: Alert = { feed: { id: `adv-${n}`, name: ADVERSARIAL_FEED_NAME }, item: { ...analyzed(`adv-${n}`, item, `adv-${n}`), summary: entry.description } };
  return entry.alsoFrom ? { ...alert, alsoFrom: entry.alsoFrom } : alert;
}

describe('adversarial feed text rendered for Discord and Slack', () => {
  const cases = ADVERSARIAL.map((entry, n) => ({ entry, n }));

  it.each(cases.map((c) => [c.entry.name, c] as const))('%s: safe after the parse path and safe handed over raw', async (_name, { entry, n }) => {
    const parsed = renderProblems(`parsed ${entry.name}`, await parsedAlert(entry, n));
    const direct = renderProblems(`direct ${entry.name}`, directAlert(entry, n));
    expect({ discord: [...parsed.discord, ...direct.discord], slack: [...parsed.slack, ...direct.slack] }).toEqual({ discord: [], slack: [] });
  }, 60_000);
});

describe('adversarial alerts on the wire: the real discord.js and Bolt clients against loopback servers', () => {
  const alerts: Alert[] = [];
  let fakeDiscord: FakeDiscord;
  let fakeSlack: FakeSlack;
  let discord: DiscordPlatform;
  let slack: SlackPlatform;
  // No slash command reaches these platforms here: the chat services are never called.
  const services = {} as ChatServices;

  beforeAll(async () => {
    for (const [n, entry] of ADVERSARIAL.entries()) alerts.push(await parsedAlert(entry, n), directAlert(entry, n));
    fakeDiscord = new FakeDiscord();
    discord = new DiscordPlatform({ token: 'loopback.discord.token-000000000000', apiUrl: await fakeDiscord.start(), command: 'radar', adminIds: [], services, logger: silentLogger });
    await discord.start();
    fakeSlack = new FakeSlack();
    slack = new SlackPlatform({ botToken: 'xoxb-test-token-0000', signingSecret: 'loopback-signing-secret-123', port: 0, apiUrl: await fakeSlack.start(), command: 'radar', adminIds: [], services, logger: silentLogger });
    await slack.start();
  }, 30_000);

  afterAll(async () => {
    await discord?.stop();
    await slack?.stop();
    await fakeDiscord?.stop();
    await fakeSlack?.stop();
  });

  it('Discord receives each alert once, with allowed_mentions { parse: [] }, and nothing in it pings, links or formats from the feed', async () => {
    // One channel per alert, so that Discord's per-channel rate limit never makes the test wait.
    const channels = alerts.map((_, n) => String(BigInt(CHANNEL_ID) + 1000n + BigInt(n)));
    for (const [n, alert] of alerts.entries()) await discord.send(`discord:${GUILD_ID}:${channels[n]}`, alert);
    const received = fakeDiscord.messages();
    expect(received.map((m) => m.channel)).toEqual(channels);
    expect(received.flatMap((m, i) => discordProblems(m.body, expectationOf(alerts[i]!)).map((p) => `${alerts[i]!.feed.id}: ${p}`))).toEqual([]);
    // The ping syntax of the fixtures reached Discord only as text: spot-check the first.
    expect((received[0]!.body.embeds as Array<{ title: string }>)[0]!.title).toBe('5G rollout reaches the suburbs @\u200beveryone @\u200bhere');
  });

  it('Slack receives each alert once, asking for no name linking, and nothing in it pings, links or formats from the feed', async () => {
    // One channel per alert: Slack's one-message-per-second pacing then never makes the test wait.
    for (const [n, alert] of alerts.entries()) await slack.send(`slack:T0001:C${1000 + n}`, alert);
    // The fake's posts() keeps only text and blocks; the call record has every argument sent.
    const received = fakeSlack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.__accepted).map((c) => c.args);
    expect(received).toHaveLength(alerts.length);
    const problems = received.flatMap((args, n) => {
      const found = slackProblems({ text: String(args.text), blocks: args.blocks }, expectationOf(alerts[n]!));
      if (args.link_names === true || args.link_names === 'true' || args.parse === 'full') found.push(`asked Slack to link names (${String(args.link_names)}, ${String(args.parse)})`);
      return found.map((p) => `${alerts[n]!.feed.id}: ${p}`);
    });
    expect(problems).toEqual([]);
    expect(received.map((args) => args.channel)).toEqual(alerts.map((_, n) => `C${1000 + n}`));
  }, 60_000);
});
