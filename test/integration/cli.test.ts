import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/fake-source.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const demoFeeds = path.join(repoRoot, 'config/demo/feeds');

describe('ict-radar scan', () => {
  it('prints one JSON object per item in the fixed shape', async () => {
    const { code, out, err } = await runCli(['scan', path.join(demoFeeds, 'telecom-wire.xml'), '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const records = out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(8);
    for (const record of records) {
      expect(Object.keys(record)).toEqual(['feed', 'id', 'title', 'link', 'published', 'topics', 'summary', 'events']);
      expect(record.feed).toBe('Telecom Wire (demo)');
      expect(record.id).toMatch(/^[0-9a-f]{16}$/);
      expect(typeof record.title).toBe('string');
      expect(record.published === null || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(record.published as string)).toBe(true);
      expect(Array.isArray(record.topics) && Array.isArray(record.events)).toBe(true);
      expect(typeof record.summary).toBe('string');
    }
    // An item without a date has null, an item without a title gets the start of its text.
    expect(records.filter((r) => r.published === null)).toHaveLength(1);
    expect(records.some((r) => (r.title as string).startsWith('Brief: China Mobile'))).toBe(true);
    expect(new Set(records.map((r) => r.id)).size).toBe(8);
    // Topics come from the shipped pack, with the terms that fired.
    const wuhan = records.find((r) => (r.title as string).startsWith('Wuhan to host')) as { topics: Array<{ id: string; score: number; matched: string[] }> };
    expect(wuhan.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['5g', 'industrial-internet']));
    for (const topic of wuhan.topics) {
      expect(topic.score).toBeGreaterThanOrEqual(2);
      expect(topic.matched.length).toBeGreaterThan(0);
    }
  });

  it('reads a GB18030 feed into correct Chinese text', async () => {
    const { code, out } = await runCli(['scan', path.join(demoFeeds, 'zh-industry.xml'), '--json']);
    expect(code).toBe(0);
    const titles = out.trim().split('\n').map((line) => (JSON.parse(line) as { title: string }).title);
    expect(titles).toHaveLength(5);
    expect(titles.join('')).toContain('北斗');
    expect(titles.join('')).not.toContain('\ufffd');
  });

  it('prints readable text by default, and refuses a bad --now or a missing file clearly', async () => {
    const text = await runCli(['scan', path.join(demoFeeds, 'iot-digest.atom')]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^IoT Digest \(demo\): 6 items \(encoding utf-8, identity by guid\)/);
    expect(text.out).toContain('▶ World Internet of Things Expo returns to Wuxi');
    const badNow = await runCli(['scan', path.join(demoFeeds, 'iot-digest.atom'), '--now', 'tomorrow-ish']);
    expect(badNow.code).toBe(2);
    expect(badNow.err).toContain('--now "tomorrow-ish" is not an ISO-8601 instant');
    const missing = await runCli(['scan', '/nonexistent/feed.xml']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file: /nonexistent/feed.xml');
  });
});

describe('ict-radar help and configuration errors', () => {
  it.each([[[]], [['start']], [['poll']], [['scan']], [['feeds']], [['feeds', 'list']], [['feeds', 'status']], [['demo']]])('GIVEN %j --help THEN usage, exit 0', async (args) => {
    const { code, out } = await runCli([...args, '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: ict-radar/);
  });

  it('refuses a bad config folder, naming the file and key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-cli-'));
    writeFileSync(path.join(dir, 'settings.yaml'), 'poll:\n  concurrency: 0\n');
    const { code, err } = await runCli(['--config', dir, 'feeds', 'list']);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(err).toMatch(/settings\.yaml: poll\.concurrency: .*>=1/);
  });

  it('lists the shipped feeds', async () => {
    const { code, out } = await runCli(['feeds', 'list']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^ID\s+NAME\s+EVERY\s+ENABLED\s+FROM\s+URL$/);
    expect(out).toContain('light-reading');
  });
});

describe('ict-radar poll --once and feeds status against a loopback server', () => {
  let server: Server;
  let base: string;
  let dir: string;
  let hits = 0;
  let body = rss([{ guid: 'one', title: 'Satellite internet trial links remote schools', link: 'https://wire.example/1', pubDate: new Date().toUTCString() }]);

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      if (req.url === '/feed.xml') {
        const etag = `"${body.length}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
      } else res.writeHead(404).end('missing');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-cli-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `items:\n  announceOnFirstPoll: all\nstore:\n  url: sqlite://${dir}/state.sqlite\nlog:\n  level: warn\n`);
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - id: wire\n    name: Loopback Wire\n    url: ${base}/feed.xml\n  - id: missing\n    name: Missing Feed\n    url: ${base}/nope.xml\n`);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints what was new, then nothing the second time, and shows each feed\'s health', async () => {
    const first = await runCli(['--config', dir, 'poll', '--once']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('▶ Satellite internet trial links remote schools');
    expect(first.out).toContain('Loopback Wire · ');
    expect(first.err).toContain('polled 2 feeds (0 not due or disabled): 1 new item, 1 failed');
    expect(first.err).toContain('missing: HTTP 404 Not Found: check the feed URL');

    const second = await runCli(['--config', dir, 'poll', '--once', '--all']);
    expect(second.out).not.toContain('▶');
    expect(second.err).toContain('0 new items');

    body = rss([{ guid: 'two', title: 'Quantum network reaches a new city', pubDate: new Date().toUTCString() }, { guid: 'one', title: 'Satellite internet trial links remote schools' }]);
    const third = await runCli(['--config', dir, 'poll', '--once', '--feed', 'wire', '--json']);
    const lines = third.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ feed: 'Loopback Wire', title: 'Quantum network reaches a new city', link: null });

    const status = await runCli(['--config', dir, 'feeds', 'status', '--json']);
    const rows = status.out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.find((r) => r.id === 'wire')).toMatchObject({ health: 'ok', consecutiveFailures: 0, lastError: null, itemsAnnounced: 2 });
    expect(rows.find((r) => r.id === 'missing')).toMatchObject({ health: 'failing', consecutiveFailures: 2, lastError: 'HTTP 404 Not Found: check the feed URL' });
    const table = await runCli(['--config', dir, 'feeds', 'status']);
    expect(table.out).toMatch(/missing\s+failing\s+-\s+2\s+in \d+m/);
    expect(hits).toBeGreaterThanOrEqual(5);
  });

  it('re-enables a disabled feed with feeds enable', async () => {
    for (let i = 0; i < 10; i += 1) await runCli(['--config', dir, 'poll', '--once', '--feed', 'missing']);
    const disabled = await runCli(['--config', dir, 'feeds', 'status', '--json']);
    const row = disabled.out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((r) => r.id === 'missing');
    expect(row).toMatchObject({ health: 'DISABLED', disabledReason: '10 consecutive failures; last: HTTP 404 Not Found: check the feed URL' });
    const enabled = await runCli(['--config', dir, 'feeds', 'enable', 'missing']);
    expect(enabled.out).toContain('missing: enabled again (it was disabled: 10 consecutive failures');
    const after = await runCli(['--config', dir, 'feeds', 'status', '--json']);
    expect(after.out).toMatch(/"id":"missing","health":"failing"|"id":"missing","health":"ok"|"id":"missing","health":"never polled"/);
    expect((await runCli(['--config', dir, 'feeds', 'enable', 'nope'])).err).toContain('unknown feed id "nope"');
  });
});

describe('ict-radar topics', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-topics-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const radar = (...args: string[]) => runCli(['--config', dir, 'topics', ...args]);

  it('lists and shows the pack', async () => {
    const list = await radar('list');
    expect(list.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+ON\s+THRESHOLD\s+TERMS\s+DESCRIPTION$/);
    expect(list.out).toMatch(/\nindustrial-internet\s+/);
    const show = await radar('show', 'quantum');
    expect(show.out).toMatch(/^quantum: /);
    expect(show.out).toContain('quantum key distribution  weight');
    expect(show.out).toContain('threshold 2; from config');
  });

  it('explains why a text fired or did not', async () => {
    const out = (await radar('explain', '--title', 'A quantum leap for the team', 'Coach says the season was a quantum leap.')).out;
    expect(out).toContain('fired: none');
    expect(out).toMatch(/"quantum" not counted: inside exclusion "quantum leap"/i);
    const fired = (await radar('explain', 'China Mobile expands NB-IoT coverage for smart meters across the Internet of Things.')).out;
    expect(fired).toMatch(/^language: en; fired: iot \(/);
    expect(fired).toMatch(/✔ iot {2}score [\d.]+ \/ threshold 2/);
  });

  it('applies an admin change at once, keeps it, and refuses bad input without storing it', async () => {
    const before = await radar('explain', 'Operators trial the Zephyr mesh protocol in three cities.');
    expect(before.out).toContain('fired: none');
    expect((await radar('terms', 'iot', 'add', 'Zephyr mesh', '--weight', '3')).out).toMatch(/^iot: now \d+ terms/);
    expect((await radar('explain', 'Operators trial the Zephyr mesh protocol in three cities.')).out).toMatch(/fired: iot/);
    expect((await radar('show', 'iot')).out).toContain('from config, changed by an admin');
    const bad = await radar('threshold', 'iott', '3');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown topic "iott": did you mean "iot"?');
    const tooHigh = await radar('threshold', 'iot', '99');
    expect(tooHigh.err).toContain('threshold must be a number between 0.1 and 50 (got 99)');
  });

  it('suggests terms from example articles that are rare in general news', async () => {
    const examples = [
      'Open RAN trials expanded as operators test open radio units from several vendors. Open RAN promises interoperable radio access.',
      'A European operator switched on Open RAN sites in two cities; the open radio units come from three suppliers.',
      'Open RAN interoperability tests at a lab showed the open radio units working with a cloud-native core.',
    ].map((text, i) => {
      const file = path.join(dir, `example-${i}.txt`);
      writeFileSync(file, text);
      return file;
    });
    const { code, out } = await radar('suggest', ...examples, '--limit', '5');
    expect(code).toBe(0);
    const phrases = out.trim().split('\n').slice(1).map((line) => line.split(/\s{2,}/)[0]);
    expect(phrases).toContain('Open RAN');
    expect(phrases.some((p) => /open radio units?/i.test(p ?? ''))).toBe(true);
  });
});

describe('ict-radar events', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-events-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `items:\n  announceOnFirstPoll: all\n  maxAge: off\nstore:\n  url: sqlite://${dir}/state.sqlite\nlog:\n  level: warn\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'events.yaml'), 'events:\n  - name: World 5G Convention\n    city: Harbin\n    country: China\n    start: "2024-12-05"\n    end: "2024-12-07"\n    topics: [5g]\n');
    writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - id: wire\n    name: Telecom Wire\n    url: ${path.join(repoRoot, 'config/demo/feeds/telecom-wire.xml')}\n`);
    const poll = await runCli(['--config', dir, 'poll', '--once']);
    expect(poll.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const radar = (...args: string[]) => runCli(['--config', dir, 'events', ...args]);

  it('lists upcoming events from the news and from config, soonest first, with topic and window filters', async () => {
    const { out } = await radar('upcoming', '--now', '2024-11-01T00:00:00Z', '--json');
    const events = out.trim().split('\n').map((line) => JSON.parse(line) as { name: string; start: string; origin: string });
    expect(events.map((e) => [e.start, e.name])).toEqual([
      ['2024-11-07', 'China Information and Communication Conference'],
      ['2024-11-19', 'China 5G+Industrial Internet Conference'],
      ['2024-12-05', 'World 5G Convention'],
    ]);
    expect(events[2]?.origin).toBe('config');
    const soon = await radar('upcoming', '--now', '2024-11-01T00:00:00Z', '--within', '10d');
    expect(soon.out).toContain('China Information and Communication Conference');
    expect(soon.out).not.toContain('World 5G Convention');
    const ongoing = await radar('upcoming', '--now', '2024-11-09T12:00:00Z', '--topic', '5g', '--json');
    expect(ongoing.out).toContain('China Information and Communication Conference');
    const bad = await radar('upcoming', '--within', 'soon');
    expect(bad.err).toContain('--within "soon" is not a duration');
  });

  it('searches, shows one event with its sources, and writes iCalendar', async () => {
    const found = await radar('search', 'wuhan industrial', '--json');
    const [hit] = found.out.trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    const shown = await radar('show', hit?.id ?? '');
    expect(shown.out).toMatch(/^China 5G\+Industrial Internet Conference {2}\[/);
    expect(shown.out).toContain('2024-11-19 to 2024-11-21 · Wuhan, China');
    expect(shown.out).toContain('https://demo.ict-radar.example/telecom-wire/2024/10/28/wuhan-5g-industrial-internet-conference');
    const ics = await radar('ics', '--now', '2024-11-01T00:00:00Z', '--topic', '5g');
    expect(ics.out).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.out).toContain('DTSTART;VALUE=DATE:20241119');
    expect(ics.out).toContain('DTEND;VALUE=DATE:20241122');
  });

  it('adds and removes hand-entered events, refusing bad dates, and turns console reminders on and off', async () => {
    const added = await radar('add', '--name', 'Optical Networks Forum', '--start', '2024-11-12', '--city', 'Wuhan');
    expect(added.out).toMatch(/^added Optical Networks Forum \[[0-9a-f]{10}\]/);
    const id = /\[([0-9a-f]{10})\]/.exec(added.out)?.[1] ?? '';
    expect((await radar('remove', id)).out).toBe(`removed ${id}\n`);
    const bad = await radar('add', '--name', 'X Forum', '--start', '12/11/2024');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('start "12/11/2024" is not a date: write YYYY-MM-DD');
    expect((await radar('remind', 'on', '--lead', '3d,1d')).out).toBe('reminders on: 3d,1d before each event starts\n');
    expect((await radar('remind', 'off')).out).toBe('reminders off\n');
    expect((await radar('remind', 'on', '--lead', 'soon')).err).toContain('--lead "soon" must list durations');
  });
});
