import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/fake-source.js';
import { repoRoot, spawnCli } from '../helpers/cli.js';

/**
 * The store file failing under the worker, with the built program as a real process: held by
 * another process, or full. Either way ict-radar stops with a message that names the cause and
 * exit code 1, and saves nothing half-way: what could not be saved is delivered after a restart.
 */
const settings = 'poll:\n  tick: 1s\n  firstPollSpread: 1s\nitems:\n  announceOnFirstPoll: all\n  maxAge: "off"\n';
const titles = Array.from({ length: 30 }, (_, i) => `Operator ${i} switches on a 5G-Advanced network in city ${i}`);

function configDir(prefix: string, feeds: Feeds, extraSettings = ''): { dir: string; file: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, 'settings.yaml'), settings + extraSettings);
  writeFileSync(path.join(dir, 'wire.xml'), rss(titles.map((title, i) => ({ guid: `item-${i}`, title, description: `${title}, the operator said.` }))));
  writeFeeds(dir, feeds);
  const file = path.join(dir, 'state.sqlite');
  return { dir, file, env: { STORE_URL: `sqlite://${file}`, NO_COLOR: '1' } };
}

/** The wire feed (listed disabled, or enabled), and a feed whose file is missing: a bad feed that must never stop the worker. */
interface Feeds {
  wire: boolean;
  broken: boolean;
}

function writeFeeds(dir: string, feeds: Feeds): void {
  const wire = `  - id: wire\n    name: Wire\n    url: wire.xml\n    enabled: ${feeds.wire}\n`;
  const broken = feeds.broken ? '  - id: broken\n    name: Broken\n    url: missing.xml\n' : '';
  writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n${wire}${broken}`);
}

/** Another process holding the write lock, as a second ict-radar or an sqlite3 shell in a transaction would. */
async function holdLock(file: string): Promise<ChildProcess> {
  const script = `const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(process.argv[1]);
db.exec('BEGIN EXCLUSIVE', (error) => { if (error) { console.error(error.message); process.exit(1); } console.log('locked'); });
setInterval(() => undefined, 60000);`;
  const holder = spawn(process.execPath, ['-e', script, file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    holder.on('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return holder;
}

const alertLines = (out: string) => out.split('\n').filter((line) => line.startsWith('▶ '));

describe('a store file locked by another process', () => {
  let config: ReturnType<typeof configDir>;
  let holder: ChildProcess;

  beforeAll(async () => {
    // A short wait for the lock, to keep the test quick (the default is 10s). The full-store
    // test keeps the default: its own connections briefly wait for one another under load.
    config = configDir('ict-radar-locked-', { wire: true, broken: true }, 'store:\n  busyTimeout: 300ms\n');
    // The store exists and is in use elsewhere: a first run created it.
    const first = spawnCli(['--config', config.dir, 'poll', '--once'], config.env);
    expect(await first.exit).toBe(0);
    holder = await holdLock(config.file);
  });
  afterAll(() => {
    holder.kill('SIGTERM');
    rmSync(config.dir, { recursive: true, force: true });
  });

  const lockedMessage = () => `ict-radar: the store file ${config.file} is locked by another process; stop the other ict-radar or tool that holds it`;

  it('start: stops after the busy timeout with exit code 1 and a message naming the file, and never reports a start', async () => {
    const worker = spawnCli(['--config', config.dir, 'start'], config.env);
    expect(await worker.exit).toBe(1);
    expect(worker.stderr()).toContain(lockedMessage());
    expect(worker.stderr()).not.toContain('worker started');
  });

  it('poll: the same, with no summary of a poll that did not happen', async () => {
    const poll = spawnCli(['--config', config.dir, 'poll', '--once', '--all'], config.env);
    expect(await poll.exit).toBe(1);
    expect(poll.stderr()).toContain(lockedMessage());
    expect(poll.stderr()).not.toMatch(/polled \d+ feed/);
  });

  it('once the other process lets go, the store works again', async () => {
    holder.kill('SIGTERM');
    await new Promise((resolve) => holder.once('exit', resolve));
    const poll = spawnCli(['--config', config.dir, 'poll', '--once', '--all'], config.env);
    expect(await poll.exit).toBe(0);
    expect(poll.stderr()).toMatch(/polled 2 feeds .*: 0 new items, 1 failed/);
  });
});

describe('a full store', () => {
  let config: ReturnType<typeof configDir>;

  beforeAll(async () => {
    // A store with every table, and the wire feed not yet read (it is disabled for this run).
    config = configDir('ict-radar-full-', { wire: false, broken: false });
    const first = spawnCli(['--config', config.dir, 'poll', '--once', '--all'], config.env);
    expect(await first.exit).toBe(0);
    writeFeeds(config.dir, { wire: true, broken: false });
  });
  afterAll(() => rmSync(config.dir, { recursive: true, force: true }));

  it('stops with exit code 1 and a clear message, and after space is freed a restart delivers every item once', async () => {
    // The test hook caps the file at its present size: every write that needs a new page fails with SQLITE_FULL.
    const full = spawnCli(['--config', config.dir, 'start'], { ...config.env, ICT_RADAR_TEST_STORE_MAX_PAGES: '1' });
    expect(await full.exit).toBe(1);
    expect(full.stderr()).toContain(`ict-radar: the store is full: free disk space for ${config.file}`);
    expect(alertLines(full.stdout())).toEqual([]);

    // Space is back: the items the full store could not save were not marked seen, so they come
    // now. A broken feed joins, and fails beside them without stopping the worker.
    writeFeeds(config.dir, { wire: true, broken: true });
    const restarted = spawnCli(['--config', config.dir, 'start'], config.env);
    await restarted.waitFor(new RegExp(titles.at(-1) as string));
    await restarted.waitFor(/feed poll failed; will retry/, 'stderr');
    restarted.kill('SIGTERM');
    expect(await restarted.exit).toBe(0);
    expect(alertLines(restarted.stdout()).map((line) => line.slice(2)).sort()).toEqual([...titles].sort());
  });
});
