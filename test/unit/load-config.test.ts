import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { bundledConfigDir, loadConfig } from '../../src/config/load-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function problemsOf(dir: string): string {
  try {
    loadConfig(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('loads the shipped configuration and the demo configuration', () => {
    const shipped = loadConfig(bundledConfigDir);
    expect(shipped.feeds.length).toBeGreaterThanOrEqual(10);
    expect(shipped.settings.poll.interval).toBe(30 * 60_000);
    expect(shipped.settings.store.url).toBe('sqlite://data/ict-radar.sqlite');
    const demo = loadConfig(path.join(bundledConfigDir, 'demo'));
    expect(demo.feeds.map((f) => f.url).every((url) => url.startsWith('file://'))).toBe(true);
    expect(demo.settings.items.announceOnFirstPoll).toBe('all');
  });

  it('applies defaults for absent files and keys, and resolves relative feed paths against the config folder', () => {
    const dir = configDir({ 'feeds.yaml': 'feeds:\n  - id: local\n    name: Local\n    url: samples/a.xml\n    interval: 1m\n' });
    const config = loadConfig(dir, { STORE_URL: 'memory://' });
    expect(config.settings.items.maxAge).toBe(7 * 86_400_000);
    expect(config.settings.store.url).toBe('memory://');
    expect(config.feeds[0]).toMatchObject({ id: 'local', enabled: true, url: `file://${path.join(dir, 'samples/a.xml')}` });
    // Below the floor of poll.minInterval (5m): raised to it.
    expect(config.feeds[0]?.intervalMs).toBe(5 * 60_000);
  });

  it('names the file, the key, the problem and the fix', () => {
    const dir = configDir({
      'settings.yaml': 'poll:\n  interval: 15\n  intervall: 5m\ntimezone: Mars/Olympus\n',
      'feeds.yaml': 'feeds:\n  - id: Bad Id\n    name: x\n    url: ftp://example.org/feed\n  - id: ok\n    name: ok\n    url: https://example.org/a\n  - id: ok\n    name: twin\n    url: https://example.org/b\n',
    });
    const message = problemsOf(dir);
    expect(message).toContain('settings.yaml: poll.interval: must be a duration in quotes, such as "30m"');
    expect(message).toContain('settings.yaml: poll: unknown key "intervall": did you mean "interval"?');
    expect(message).toContain('settings.yaml: timezone: "Mars/Olympus" is not a known IANA time zone');
    expect(message).toContain('feeds.yaml: feeds[0].id: must be a short id of lowercase letters, digits and dashes');
    expect(message).toContain('feeds.yaml: feeds[0].url: must use http:// or https://');
    expect(message).toContain('feeds.yaml: feeds[2].id: "ok" is already the id of feeds[1]');
  });

  it('reports a duration that cannot be read, and broken YAML with its place', () => {
    expect(problemsOf(configDir({ 'settings.yaml': 'failures:\n  backoffMax: "a day"\n' }))).toContain(
      'failures.backoffMax: "a day" is not a duration: write a number and a unit (ms, s, m, h, d, w), such as "24h"',
    );
    expect(problemsOf(configDir({ 'settings.yaml': 'poll: [unclosed\n' }))).toMatch(/settings\.yaml: is not valid YAML: .*line/i);
    expect(problemsOf(configDir({ 'feeds.yaml': 'feeds:\n  - name: nameless\n' }))).toContain('feeds.yaml: feeds[0].id: is missing');
  });

  it('refuses a missing config folder with a hint', () => {
    expect(problemsOf('/nonexistent/ict-radar-config')).toContain('the config folder does not exist: pass --config');
  });
});
