/**
 * Attacks on the Slack HTTP endpoint, against the real Bolt app and the loopback Slack Web API:
 * forged and stale signatures, and replays of a genuine signed request (the same bytes again,
 * re-spelled headers, copies sent at once). A member running an admin command is covered in
 * slack.test.ts ("refuses an admin command from a member, privately, ...").
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { REPLAY_WINDOW_MS, ReplayGuard } from '../../src/platforms/slack/replay-guard.js';
import { SlackPlatform } from '../../src/platforms/slack/slack-platform.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../helpers/cli.js';
import { FakeSlack, sendSlashCommand } from '../../src/tools/loopback/fake-slack.js';

const SECRET = 'replay-test-signing-secret-5e1f';
const CHANNEL = 'slack:T0001:C0001';

/** A slash-command body as Slack form-encodes it; the same fields give the same bytes. */
function commandBody(text: string, user: string): string {
  return new URLSearchParams({ team_id: 'T0001', channel_id: 'C0001', user_id: user, user_name: user.toLowerCase(), command: '/radar', text, response_url: 'http://127.0.0.1:9/unused' }).toString();
}

const hashOf = (timestamp: number, body: string): string => createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex');

describe('Slack endpoint: forged, stale and replayed requests', () => {
  let dir: string;
  let app: App;
  let slack: SlackPlatform;
  let fake: FakeSlack;
  let url: string;
  const logLines: string[] = [];

  /** Posts raw bytes with the header values given as-is, so a test can re-spell them. */
  const post = async (body: string, timestampHeader: string, signatureHeader: string) => {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestampHeader, 'x-slack-signature': signatureHeader } });
    return { status: res.status, body: await res.text() };
  };
  const topicsOf = async () => (await app.subscriptions.of(CHANNEL))?.subscriptions.map((s) => s.topic) ?? [];
  const usersInfoFor = (user: string) => fake.calls.filter((c) => c.method === 'users.info' && c.args.user === user).length;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    fake = new FakeSlack();
    const apiUrl = await fake.start();
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-slack-sec-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds: []\n');
    app = await createApp(loadConfig(dir), silentLogger);
    const logger = createLogger({ level: 'debug', format: 'json', write: (line) => logLines.push(line) });
    slack = new SlackPlatform({ botToken: 'xoxb-replay-test-0000', signingSecret: SECRET, port: 0, apiUrl, command: 'radar', adminIds: [], services: app.chat, logger });
    url = `http://127.0.0.1:${await slack.start()}/slack/events`;
  });

  afterAll(async () => {
    await slack.stop();
    await app.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a forged signature with 401 and runs nothing', async () => {
    const reply = await sendSlashCommand(url, SECRET, { text: 'subscribe iot', user_id: 'U_FORGER' }, { badSignature: true });
    expect(reply).toEqual({ status: 401, body: '' });
    // A dispatched command would have asked Slack who the caller is, and subscribed the channel.
    expect(usersInfoFor('U_FORGER')).toBe(0);
    expect(await topicsOf()).not.toContain('iot');
  });

  it('refuses a timestamp six minutes old, and one six minutes ahead (which Bolt alone would accept)', async () => {
    const old = await sendSlashCommand(url, SECRET, { text: 'subscribe iot', user_id: 'U_LATE' }, { timestamp: now() - 6 * 60 });
    const ahead = await sendSlashCommand(url, SECRET, { text: 'subscribe iot', user_id: 'U_EARLY' }, { timestamp: now() + 6 * 60 });
    expect([old.status, ahead.status]).toEqual([401, 401]);
    expect(usersInfoFor('U_LATE') + usersInfoFor('U_EARLY')).toBe(0);
    expect(await topicsOf()).not.toContain('iot');
    expect(logLines.some((l) => l.includes('more than five minutes in the future'))).toBe(true);
  });

  it('answers the first copy of a signed request and refuses the identical second one: the command runs once', async () => {
    const timestamp = now();
    const first = await sendSlashCommand(url, SECRET, { text: 'subscribe iot', user_id: 'U_MEMBER' }, { timestamp });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ text: 'This channel will get *iot* alerts (instant).' });
    // Undo it with a fresh request: if the replay ran, the subscription would come back.
    expect((await sendSlashCommand(url, SECRET, { text: 'unsubscribe iot', user_id: 'U_MEMBER' })).status).toBe(200);
    expect(await topicsOf()).not.toContain('iot');
    const replay = await sendSlashCommand(url, SECRET, { text: 'subscribe iot', user_id: 'U_MEMBER' }, { timestamp });
    expect(replay).toEqual({ status: 401, body: '' });
    expect(await topicsOf()).not.toContain('iot');
  });

  it('logs the refused replay as a warning without the signature or the secret', async () => {
    const warning = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).includes('(a replay)'));
    expect(warning).toMatchObject({ level: 'warn', msg: 'slack request refused: the same signed request was already accepted (a replay)' });
    const all = logLines.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/v0=|[0-9a-f]{64}/);
  });

  it('refuses a replay whose headers are re-spelled but sign the same bytes ("0"+timestamp, "v0=<hash>=x")', async () => {
    const timestamp = now();
    const body = commandBody('subscribe quantum', 'U_MEMBER');
    const hash = hashOf(timestamp, body);
    // Bolt accepts both spellings as genuine, so the first (re-spelled) copy runs...
    expect((await post(body, `0${timestamp}`, `v0=${hash}=x`)).status).toBe(200);
    expect(await topicsOf()).toContain('quantum');
    expect((await sendSlashCommand(url, SECRET, { text: 'unsubscribe quantum', user_id: 'U_MEMBER' })).status).toBe(200);
    // ...and every later spelling of the same request is a replay.
    for (const [ts, sig] of [[String(timestamp), `v0=${hash}`], [`${timestamp}.0`, `v0=${hash}`], [String(timestamp), `v0=${hash}=y`]] as const) {
      expect((await post(body, ts, sig)).status).toBe(401);
    }
    expect(await topicsOf()).not.toContain('quantum');
  });

  it('lets exactly one of five identical copies sent at once through', async () => {
    const timestamp = now();
    const body = commandBody('subscribe 6g', 'U_RACER');
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(body, String(timestamp), `v0=${hashOf(timestamp, body)}`)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
    expect(usersInfoFor('U_RACER')).toBe(1);
  });
});

describe('the replay memory stays bounded', () => {
  it('forgets a request once its timestamp has left the five-minute window (Bolt refuses it as stale from then on)', () => {
    let clock = 1_700_000_000_000;
    const guard = new ReplayGuard({ now: () => clock });
    const ts = clock / 1000;
    expect(guard.admit(ts, 'aa')).toBe('first');
    expect(guard.admit(ts, 'AA')).toBe('replay');
    clock += REPLAY_WINDOW_MS;
    expect(guard.admit(ts, 'aa')).toBe('replay'); // the last second of Bolt's window
    clock += 2_000;
    expect(guard.admit(ts, 'aa')).toBe('first'); // forgotten: only Bolt's staleness check stands now
  });

  it('holds about five minutes of traffic however long it runs: one request a second for an hour', () => {
    let clock = 1_700_000_000_000;
    const guard = new ReplayGuard({ now: () => clock });
    let peak = 0;
    for (let i = 0; i < 3_600; i += 1, clock += 1_000) {
      expect(guard.admit(clock / 1000, `h${i}`)).toBe('first');
      peak = Math.max(peak, guard.size);
    }
    // 301 s of remembered requests, plus at most 10 s until the next sweep.
    expect(peak).toBeLessThanOrEqual(312);
    expect(guard.size).toBeGreaterThanOrEqual(300);
  });

  it('refuses new requests at its cap instead of forgetting ones that could still be replayed', () => {
    const clock = 1_700_000_000_000;
    const guard = new ReplayGuard({ now: () => clock, maxEntries: 3 });
    for (const hash of ['a1', 'a2', 'a3']) expect(guard.admit(clock / 1000, hash)).toBe('first');
    expect(guard.admit(clock / 1000, 'a4')).toBe('full');
    expect(guard.admit(clock / 1000, 'a1')).toBe('replay');
    expect(guard.size).toBe(3);
  });
});
