import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/compose.js';
import type { CommandContext } from '../../src/chat/command.js';
import { createRegistry } from '../../src/chat/commands/all.js';
import { dispatchWords } from '../../src/chat/dispatch.js';
import { splitArgs } from '../../src/chat/text-args.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../helpers/cli.js';

describe('the chat core on a real store', () => {
  let dir: string;
  let app: App;
  const registry = createRegistry('/radar');
  const ctx = (isAdmin = false, target = 'test:c1'): CommandContext => ({
    platform: 'test',
    target,
    personalTarget: 'test:dm:u1',
    isDirect: target.includes(':dm:'),
    caller: { id: isAdmin ? 'boss' : 'u1', isAdmin },
    services: app.chat,
  });
  const run = (text: string, isAdmin = false, target?: string) => dispatchWords(registry, splitArgs(text), ctx(isAdmin, target), '/radar');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-chat-'));
    writeFileSync(path.join(dir, 'settings.yaml'), `store:\n  url: sqlite://${dir}/state.sqlite\n`);
    writeFileSync(path.join(dir, 'topics.yaml'), readFileSync(path.join(repoRoot, 'config/topics.yaml'), 'utf8'));
    app = await createApp(loadConfig(dir), silentLogger, () => Date.parse('2024-11-01T00:00:00Z'));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('splits Slack text with quotes', () => {
    expect(splitArgs('admin topic terms 5g add "5G-Advanced, RedCap" ‘x y’')).toEqual(['admin', 'topic', 'terms', '5g', 'add', '5G-Advanced, RedCap', 'x y']);
  });

  it('subscribes a channel, says so in the channel, and treats a repeat as a no-op', async () => {
    expect(await run('subscribe 5g')).toEqual({ text: 'This channel will get **5g** alerts (instant).', visibility: 'channel' });
    expect(await run('subscribe 5g')).toEqual({ text: 'This channel already gets **5g** (instant). Nothing changed.', visibility: 'ephemeral' });
    expect((await run('subscribe 5g daily')).text).toBe('This channel now gets **5g** as daily.');
    expect(await app.subscriptions.instantTargets(['5g'])).toEqual(['console']);
    await run('subscribe iot');
    expect(await app.subscriptions.instantTargets(['iot'])).toEqual(['console', 'test:c1']);
    const mine = await run('subscriptions');
    expect(mine.visibility).toBe('ephemeral');
    expect(mine.text).toContain('This channel: **5g** (daily), **iot** (instant)');
  });

  it('answers bad input with what to fix, privately', async () => {
    expect(await run('subscribe iott')).toMatchObject({ visibility: 'ephemeral', text: expect.stringContaining('unknown topic "iott": did you mean "iot"?') });
    expect((await run('subscribe 5g hourly')).text).toContain('`mode` is one of `instant`, `daily`, `weekly` (got "hourly").');
    expect((await run('subscribe')).text).toContain('Usage: `/radar subscribe <topic> [mode]`');
    expect((await run('subscrbe 5g')).text).toContain('Did you mean `/radar subscribe`?');
    expect((await run('recent 5g 99')).text).toContain('`count` must be a whole number from 1 to 20');
    expect((await run(`events search ${'x'.repeat(1200)}`)).text).toContain('too long');
  });

  it('refuses admin commands to non-admins on our side, records it, and changes nothing', async () => {
    const before = (await app.topics.find('5g'))?.terms.length;
    const refused = await run('admin topic terms 5g add "Zephyr mesh"');
    expect(refused).toMatchObject({ visibility: 'ephemeral', text: expect.stringContaining('is for admins only') });
    expect((await app.topics.find('5g'))?.terms.length).toBe(before);
    const done = await run('admin topic terms 5g add "Zephyr mesh, Quasar link"', true);
    expect(done.text).toContain('`5g` now has');
    expect((await app.topics.find('5g'))?.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['Zephyr mesh', 'Quasar link']));
    const audit = await run('admin audit', true);
    expect(audit.text).toMatch(/test <boss> done: `\/radar admin topic terms topic=5g action=add terms=Zephyr mesh, Quasar link`/);
    expect(audit.text).toMatch(/test <u1> refused/);
  });

  it('lists only what the caller may run in help', async () => {
    const member = (await run('help')).text;
    expect(member).toContain('`/radar subscribe <topic> [mode]`');
    expect(member).not.toContain('admin');
    expect((await run('help', true)).text).toContain('`/radar admin topic terms <topic> <action> <terms>`');
  });

  it('looks up events and turns reminders on for the channel', async () => {
    await run('admin event add 2024-11-07 2024-11-09 Chengdu 2024 China Information and Communication Conference', true);
    const upcoming = await run('events');
    expect(upcoming.visibility).toBe('channel');
    expect(upcoming.text).toContain('**2024 China Information and Communication Conference**: 2024-11-07 to 2024-11-09, Chengdu');
    expect((await run('events search chengdu')).text).toContain('Information and Communication');
    expect((await run('events remind on 3d,1d')).text).toBe('Event reminders are on here: 3d,1d before each event starts.');
    expect((await run('events remind on soon')).text).toContain('"soon" must list durations');
    expect((await run('admin event add 2024-13-01 2024-13-02 Wuhan Bad Expo', true)).text).toContain('is not a date');
  });

  it('lets admins set quiet hours, digest time, time zone and an hourly maximum, refusing bad values', async () => {
    const set = await run('admin settings 22:00-07:00 08:30 Asia/Shanghai 20', true);
    expect(set.text).toBe('Settings here: quiet hours 22:00-07:00, digest at 08:30, time zone Asia/Shanghai, at most 20 alerts an hour.');
    expect((await run('admin settings off', true)).text).toContain('quiet hours none');
    expect((await run('admin settings 10pm', true)).text).toContain('quiet hours are written like 22:00-07:00');
    expect((await run('admin settings off 9am', true)).text).toContain('the digest time is a time like 09:00');
    expect((await run('admin settings off 09:00 Mars/Base', true)).text).toContain('is not a time zone');
  });
});

