import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/fake-source.js';
import { spawnCli } from '../helpers/cli.js';

describe('the built program, as a real process', () => {
  it('npm run demo: prints alerts from the sample feeds offline, and nothing twice', async () => {
    const demo = spawnCli(['demo'], { NO_COLOR: '1' });
    expect(await demo.exit).toBe(0);
    const out = demo.stdout();
    const alerts = out.split('\n').filter((line) => line.startsWith('▶ '));
    expect(alerts.length).toBeGreaterThanOrEqual(20);
    expect(out).toContain('▶ Wuhan to host China 5G+Industrial Internet Conference from Nov 19 to 21');
    expect(out).toMatch(/▶ .*北斗/);
    expect(out).toMatch(/Cycle 1 done: 4 feeds read, \d+ alerts delivered/);
    expect(out).toContain('Cycle 2 done: 0 new alerts');
    // Topics with the terms that fired, summaries, and the calendar built from the samples.
    expect(out).toMatch(/topics: .*industrial-internet \(/);
    expect(out).toMatch(/Conference calendar: \d+ events found in the news/);
    expect(out).toContain('2024-11-19 to 2024-11-21 · Wuhan, China  China 5G+Industrial Internet Conference  (2 sources)');
    expect(demo.stderr()).toBe('');
  });

  describe('ict-radar start', () => {
    let server: Server;
    let dir: string;
    let feedBody = rss([{ guid: 'w-1', title: 'Private 5G network goes live at a Wuhan steel plant', pubDate: new Date().toUTCString() }]);
    const seenRequests: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        seenRequests.push(req.headers['user-agent'] ?? '');
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedBody);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      dir = mkdtempSync(path.join(tmpdir(), 'ict-radar-start-'));
      writeFileSync(
        path.join(dir, 'settings.yaml'),
        'poll:\n  tick: 1s\n  interval: 2s\n  minInterval: 1s\n  firstPollSpread: 1s\nitems:\n  announceOnFirstPoll: all\n',
      );
      writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n  - id: loop\n    name: Loopback\n    url: http://127.0.0.1:${port}/feed.xml\n`);
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it('polls on schedule, delivers to the console, stops cleanly on SIGTERM, and resumes without repeats', async () => {
      const env = { STORE_URL: `sqlite://${dir}/state.sqlite`, NO_COLOR: '1' };
      const worker = spawnCli(['--config', dir, 'start'], env);
      await worker.waitFor(/▶ Private 5G network goes live/);
      await worker.waitFor(/worker started/, 'stderr');
      worker.kill('SIGTERM');
      expect(await worker.exit).toBe(0);
      expect(worker.stderr()).toContain('worker stopped');
      expect(seenRequests[0]).toMatch(/^ict-radar\//);

      feedBody = rss([
        { guid: 'w-2', title: 'Computing power hub opens in Guizhou', pubDate: new Date().toUTCString() },
        { guid: 'w-1', title: 'Private 5G network goes live at a Wuhan steel plant' },
      ]);
      const again = spawnCli(['--config', dir, 'start'], env);
      await again.waitFor(/▶ Computing power hub opens in Guizhou/);
      again.kill('SIGINT');
      expect(await again.exit).toBe(0);
      expect(again.stdout()).not.toContain('Private 5G network goes live');
    });
  });
});
