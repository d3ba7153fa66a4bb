import net from 'node:net';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '../../src/model/item.js';
import { AuditLog } from '../../src/store/audit-log.js';
import { DigestRepository } from '../../src/store/digest-repository.js';
import { EventRepository } from '../../src/store/event-repository.js';
import { FeedRepository, type StoredFeed } from '../../src/store/feed-repository.js';
import { FeedStateRepository } from '../../src/store/feed-state-repository.js';
import { ItemRepository } from '../../src/store/item-repository.js';
import { openStore, type Store, StoreFailure, StoreUrlError } from '../../src/store/open-store.js';
import { type OutboxEntry, OutboxRepository } from '../../src/store/outbox-repository.js';
import { ReminderRepository } from '../../src/store/reminder-repository.js';
import { SeenRepository } from '../../src/store/seen-repository.js';
import { StoryRepository } from '../../src/store/story-repository.js';
import { SubscriptionRepository } from '../../src/store/subscription-repository.js';
import { TopicRepository } from '../../src/store/topic-repository.js';
import { backends, DATABASE_URL, dropRedisKeys, dropSchema, pgSchema, REDIS_URL, redisPrefix, withParameter } from '../helpers/store-backends.js';

/**
 * One repository suite, three backends: every repository's contract on SQLite (a temporary
 * file), Redis (REDIS_URL, a fresh key prefix per run) and PostgreSQL (DATABASE_URL, a fresh
 * schema per run), each removed afterwards. A server backend without its URL is skipped, and
 * says so in its title. Then what only the server backends have: failing connections.
 */
const T0 = Date.parse('2026-03-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function item(feedId: string, id: string, published: string, topics: string[] = []): AnalyzedItem {
  return { feedId, id, title: `Item ${id}`, titleFromText: false, text: `Text of ${id}`, html: `<p>Text of ${id}</p>`, categories: [], published, topics: topics.map((t) => ({ id: t, score: 1, matched: [t] })), summary: `Summary ${id}`, events: [] };
}

function entry(key: string, seq: number, text = `notice ${key}`): OutboxEntry {
  return { key, target: 'discord:g:c', seq, message: { kind: 'notice', text }, ack: { kind: 'none' }, enqueuedAt: iso(T0), attempts: 0 };
}

/** Text that breaks naive storage: every plane of Unicode, escapes, quotes, control characters, and bulk. */
const AWKWARD = `Ünïcödé 日本語 中文 한국어 العربية עברית 🚀👩‍💻🏳️‍🌈 e\u0301 \u0000\u0001\t\n\r "quoted" 'single' \\back\\slash %_like_% *glob?[x] ${'x'.repeat(10)}`;
const LARGE = `${AWKWARD}\n${'Lorem ipsum dolor sit amet — 5G-Advanced, 6G, Wi-Fi 7. '.repeat(20_000)}`;

describe.each(backends())('repositories on %s', (_title, backend) => {
  describe.skipIf(backend.skip !== undefined)(`contract${backend.skip ? ` (skipped: ${backend.skip})` : ''}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await openStore(backend.url());
    });
    afterAll(async () => {
      await store?.close();
      await backend.dispose();
    });

    it('feed state: put, get, a changed URL starts over, getMany returns only what is stored', async () => {
      const states = new FeedStateRepository(store);
      expect(await states.get('wire', 'https://wire.example/rss')).toEqual({ feedId: 'wire', url: 'https://wire.example/rss', consecutiveFailures: 0, itemsAnnounced: 0, lastNewItems: 0 });
      const wire = { feedId: 'wire', url: 'https://wire.example/rss', etag: '"v1"', consecutiveFailures: 2, itemsAnnounced: 7, lastNewItems: 1, lastPollAt: iso(T0) };
      await states.put(wire);
      await states.put({ ...wire, feedId: 'blog', url: 'https://blog.example/atom', etag: undefined });
      expect(await states.get('wire', 'https://wire.example/rss')).toEqual(wire);
      const moved = await states.get('wire', 'https://wire.example/new-rss');
      expect(moved).toMatchObject({ url: 'https://wire.example/new-rss', consecutiveFailures: 0, itemsAnnounced: 7 });
      expect(moved.etag).toBeUndefined();
      const many = await states.getMany(['blog', 'nope', 'wire']);
      expect([...many.keys()].sort()).toEqual(['blog', 'wire']);
      expect(many.get('wire')).toEqual(wire);
    });

    it('seen: marks per feed, seenAmong finds only those, and a mark expires after its retention', async () => {
      const seen = new SeenRepository(store, 3_600_000);
      await seen.mark('wire', ['a', 'b', 'b'], T0);
      expect(await seen.seenAmong('wire', ['a', 'b', 'c'])).toEqual(new Set(['a', 'b']));
      expect(await seen.seenAmong('blog', ['a'])).toEqual(new Set());
      expect(await seen.seenAmong('wire', [])).toEqual(new Set());

      const brief = new SeenRepository(store, 20);
      await brief.mark('wire', ['short'], T0);
      await sleep(150);
      expect(await seen.seenAmong('wire', ['a', 'short'])).toEqual(new Set(['a']));
      // Expired, it can be marked again, and is seen again.
      await seen.mark('wire', ['short'], T0);
      expect(await seen.seenAmong('wire', ['short'])).toEqual(new Set(['short']));
    });

    it('items: get, recent newest first with a limit and a topic, expired items gone', async () => {
      const items = new ItemRepository(store);
      await items.putMany([item('wire', 'i1', iso(T0 - 3_000), ['5g']), item('wire', 'i2', iso(T0 - 1_000), ['wifi']), item('blog', 'i3', iso(T0 - 2_000), ['5g'])]);
      expect(await items.get('wire', 'i1')).toEqual(item('wire', 'i1', iso(T0 - 3_000), ['5g']));
      expect(await items.get('blog', 'i1')).toBeUndefined();
      expect((await items.recent(2)).map((i) => i.id)).toEqual(['i2', 'i3']);
      expect((await items.recent(10, '5g')).map((i) => i.id)).toEqual(['i3', 'i1']);

      await new ItemRepository(store, 20).putMany([item('wire', 'brief', iso(T0))]);
      await sleep(150);
      expect((await items.recent(10)).map((i) => i.id)).toEqual(['i2', 'i3', 'i1']);
      expect(await items.get('wire', 'brief')).toBeUndefined();
    });

    it('outbox: putMany, pending in hand-off order, get, put updates, remove; nothing of other collections listed', async () => {
      const outbox = new OutboxRepository(store);
      await new SeenRepository(store, 3_600_000).mark('outbox', ['x', 'y'], T0);
      await outbox.putMany([entry('c', 3), entry('a', 1), entry('b', 2)]);
      expect((await outbox.pending()).map((e) => e.key)).toEqual(['a', 'b', 'c']);
      expect(await outbox.get('b')).toEqual(entry('b', 2));
      await outbox.put({ ...entry('b', 2), attempts: 1, notBefore: T0 + 60_000, lastError: 'HTTP 503', sendingSince: T0 });
      expect(await outbox.get('b')).toMatchObject({ attempts: 1, lastError: 'HTTP 503', sendingSince: T0 });
      await outbox.remove('a');
      await outbox.remove('never-there');
      expect(await outbox.get('a')).toBeUndefined();
      expect((await outbox.pending()).map((e) => [e.key, e.attempts])).toEqual([['b', 1], ['c', 0]]);
      await outbox.remove('b');
      await outbox.remove('c');
      expect(await outbox.pending()).toEqual([]);
    });

    it('outbox: a long list comes whole, each entry once, in order (several pages on every backend)', async () => {
      const outbox = new OutboxRepository(store);
      const many = Array.from({ length: 1_234 }, (_, i) => entry(`bulk:${String(i).padStart(4, '0')}`, 1_234 - i));
      await outbox.putMany(many);
      const pending = await outbox.pending();
      expect(pending).toHaveLength(1_234);
      expect(pending.map((e) => e.seq)).toEqual(many.map((e) => e.seq).sort((a, b) => a - b));
      for (const e of many) await outbox.remove(e.key);
      expect(await outbox.pending()).toEqual([]);
    });

    it('topics: put, all, and a version bumped on every change', async () => {
      const topics = new TopicRepository(store);
      expect(await topics.version()).toBe(0);
      const topic = { id: '6g', name: '6G', description: 'Sixth generation', threshold: 1, enabled: true, terms: [{ term: '6G', weight: 1, case: 'auto' as const, requires: [] }], exclude: [] };
      await topics.put('6g', { topic, updatedAt: iso(T0), updatedBy: 'admin' });
      await topics.put('wifi', { removed: true, updatedAt: iso(T0), updatedBy: 'admin' });
      expect(await topics.version()).toBe(2);
      expect(await topics.all()).toEqual(new Map([['6g', { topic, updatedAt: iso(T0), updatedBy: 'admin' }], ['wifi', { removed: true, updatedAt: iso(T0), updatedBy: 'admin' }]]));
    });

    it('events: put, get, all, remove', async () => {
      const events = new EventRepository(store);
      const mwc = { id: 'mwc-2026', name: 'MWC', city: 'Barcelona', country: 'ES', start: '2026-03-02', end: '2026-03-05', topics: ['5g'], sources: [{ title: 'MWC opens', link: null, feedId: 'wire', published: null }], origin: 'config' as const, createdAt: iso(T0), updatedAt: iso(T0) };
      await events.put(mwc);
      await events.put({ ...mwc, id: 'ces-2026', name: 'CES' });
      expect(await events.get('mwc-2026')).toEqual(mwc);
      expect((await events.all()).map((e) => e.id)).toEqual(['mwc-2026', 'ces-2026']);
      expect(await events.remove('ces-2026')).toBe(true);
      expect(await events.remove('ces-2026')).toBe(false);
      expect(await events.all()).toEqual([mwc]);
    });

    it('reminders: subscribe, list, unsubscribe; markSent and sentAmong', async () => {
      const reminders = new ReminderRepository(store);
      await reminders.subscribe({ target: 'slack:t:c', leadTimesMs: [86_400_000], since: iso(T0) });
      await reminders.subscribe({ target: 'discord:g:c', leadTimesMs: [3_600_000, 86_400_000], since: iso(T0) });
      expect((await reminders.subscriptions()).map((s) => s.target)).toEqual(['slack:t:c', 'discord:g:c']);
      expect(await reminders.unsubscribe('slack:t:c')).toBe(true);
      expect(await reminders.unsubscribe('slack:t:c')).toBe(false);
      expect(await reminders.subscriptions()).toEqual([{ target: 'discord:g:c', leadTimesMs: [3_600_000, 86_400_000], since: iso(T0) }]);
      await reminders.markSent(['mwc-2026:1d:discord:g:c'], iso(T0));
      expect(await reminders.sentAmong(['mwc-2026:1d:discord:g:c', 'mwc-2026:1h:discord:g:c'])).toEqual(new Set(['mwc-2026:1d:discord:g:c']));
    });

    it('subscriptions: put, get, all', async () => {
      const subscriptions = new SubscriptionRepository(store);
      const settings = { target: 'discord:g:c', subscriptions: [{ topic: '5g', mode: 'instant' as const }], quietHours: { start: '22:00', end: '07:00' }, recentSends: [T0], updatedAt: iso(T0) };
      await subscriptions.put(settings);
      await subscriptions.put({ ...settings, paused: { reason: 'channel gone', at: iso(T0) } });
      expect(await subscriptions.get('discord:g:c')).toEqual({ ...settings, paused: { reason: 'channel gone', at: iso(T0) } });
      expect(await subscriptions.get('slack:t:c')).toBeUndefined();
      expect(await subscriptions.all()).toHaveLength(1);
    });

    it('audit: newest first, limited', async () => {
      const audit = new AuditLog(store);
      for (const command of ['topics add 6g', 'feeds remove blog', 'resume']) await audit.record({ at: iso(T0), platform: 'discord', target: 'discord:g:c', user: 'u1', command, outcome: 'done' });
      expect((await audit.latest(2)).map((e) => e.command)).toEqual(['resume', 'feeds remove blog']);
    });

    it('digests: add (each entry once), all, remove', async () => {
      const digests = new DigestRepository(store);
      const line = (key: string) => ({ key, title: `Title ${key}`, link: null, feedName: 'Wire', topics: ['5g'], published: null, queuedAt: T0 });
      await digests.add('slack:t:c', 'daily', line('k1'));
      await digests.add('slack:t:c', 'daily', line('k1'));
      await digests.add('slack:t:c', 'daily', line('k2'));
      await digests.add('slack:t:c', 'weekly', line('k1'));
      await digests.remove('slack:t:c', 'daily', ['k1']);
      expect(await digests.all()).toEqual([
        { target: 'slack:t:c', period: 'daily', entries: [line('k2')] },
        { target: 'slack:t:c', period: 'weekly', entries: [line('k1')] },
      ]);
    });

    it('stories: save and recent, old ones left out', async () => {
      const stories = new StoryRepository(store);
      const story = (key: string, at: number) => ({ key, feedId: 'wire', signature: ['6g', 'trial'], at, alsoFrom: [{ feed: 'Blog', link: 'https://blog.example/x' }], targets: ['discord:g:c'] });
      await stories.save([story('old', T0 - 49 * 3_600_000), story('new', T0 - 3_600_000)], T0);
      expect(await stories.recent(T0)).toEqual([story('new', T0 - 3_600_000)]);
    });

    it('feeds: put and all, a tombstone too', async () => {
      const feeds = new FeedRepository(store);
      const added: StoredFeed = { feed: { id: 'blog', name: 'Blog', url: 'https://blog.example/atom', intervalMs: 900_000, enabled: true, origin: 'admin' as const }, updatedAt: iso(T0), updatedBy: 'u1' };
      await feeds.put('blog', added);
      await feeds.put('wire', { removed: true, updatedAt: iso(T0), updatedBy: 'u1' });
      expect(await feeds.all()).toEqual(new Map<string, StoredFeed>([['blog', added], ['wire', { removed: true, updatedAt: iso(T0), updatedBy: 'u1' }]]));
    });

    it('unicode, control characters and a megabyte of text round-trip intact', async () => {
      const outbox = new OutboxRepository(store);
      await outbox.put(entry(`awkward:${AWKWARD.slice(0, 40)}`, 1, LARGE));
      const [back] = await outbox.pending();
      expect(back?.key).toBe(`awkward:${AWKWARD.slice(0, 40)}`);
      expect(back?.message).toEqual({ kind: 'notice', text: LARGE });
      const items = new ItemRepository(store);
      await items.putMany([{ ...item('wire', 'awkward', iso(T0)), title: AWKWARD, text: LARGE }]);
      expect(await items.get('wire', 'awkward')).toMatchObject({ title: AWKWARD, text: LARGE });
    });

    it('all of it is still there after the store is closed and opened again', async () => {
      await store.close();
      store = await openStore(backend.url());
      expect(await new FeedStateRepository(store).get('wire', 'https://wire.example/rss')).toMatchObject({ etag: '"v1"', itemsAnnounced: 7 });
      expect(await new SeenRepository(store, 3_600_000).seenAmong('wire', ['a', 'b', 'short'])).toEqual(new Set(['a', 'b', 'short']));
      expect((await new OutboxRepository(store).pending()).map((e) => e.message)).toEqual([{ kind: 'notice', text: LARGE }]);
      expect(await new TopicRepository(store).version()).toBe(2);
    });
  });
});

/** A TCP relay in front of a server, cut at will: the server vanishing for the store only. */
async function relay(to: string): Promise<{ port: number; cut: () => void }> {
  const target = new URL(to);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port), target.hostname);
    for (const [a, b] of [[inbound, outbound], [outbound, inbound]] as const) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, cut: () => (server.close(), sockets.forEach((socket) => socket.destroy())) };
}

interface Remote {
  backend: 'Redis' | 'PostgreSQL';
  env: 'REDIS_URL' | 'DATABASE_URL';
  server: string | undefined;
  /** A URL with a password where nothing listens. */
  nowhere: string;
  parameter: string;
  place: string;
  dispose: (server: string) => Promise<void>;
  /** Checks how the collections lie on the server. */
  layout: (server: string, place: string) => Promise<void>;
}

const remotes: Remote[] = [
  {
    backend: 'Redis',
    env: 'REDIS_URL',
    server: REDIS_URL,
    nowhere: 'redis://ict:s3cret-pass@127.0.0.1:1/0',
    parameter: 'prefix',
    place: `${redisPrefix}-faults`,
    dispose: (server) => dropRedisKeys(server, `${redisPrefix}-faults`),
    async layout(server, place) {
      const client = createClient({ url: server });
      await client.connect();
      try {
        expect(await client.sMembers(`${place}:outbox~keys`)).toEqual([`${place}:outbox:k1`]);
        expect(await client.type(`${place}:outbox:k1`)).toBe('string');
        // Seen ids: no list of them to keep, and Redis itself expires them.
        expect(await client.exists(`${place}:seen~keys`)).toBe(0);
        expect(await client.pTTL(`${place}:seen:wire:h1`)).toBeGreaterThan(0);
      } finally {
        await client.close();
      }
    },
  },
  {
    backend: 'PostgreSQL',
    env: 'DATABASE_URL',
    server: DATABASE_URL,
    nowhere: 'postgres://ict:s3cret-pass@127.0.0.1:1/test',
    parameter: 'schema',
    place: `${pgSchema}_faults`,
    dispose: (server) => dropSchema(server, `${pgSchema}_faults`),
    async layout(server, place) {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [place]);
        expect(tables.rows.map((row) => row.table_name)).toEqual(['feed_state', 'leases', 'outbox', 'seen']);
        const rows = await client.query<{ key: string }>(`SELECT key FROM "${place}".outbox`);
        expect(rows.rows).toEqual([{ key: 'outbox:k1' }]);
      } finally {
        await client.end();
      }
    },
  },
];

describe.each(remotes.map((remote) => [remote.backend, remote] as const))('a %s store', (_backend, remote) => {
  it('that cannot be reached fails to open with a message naming the backend and the URL, never the password', async () => {
    const failure = await openStore(remote.nowhere).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreFailure);
    expect(failure).toMatchObject({ kind: 'unreachable' });
    const { message } = failure as StoreFailure;
    expect(message).toContain(`the ${remote.backend} store at ${remote.nowhere.replace('s3cret-pass', '***')} cannot be reached`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('s3cret');
  });

  const unset = remote.server ? '' : ` (skipped: ${remote.env} unset)`;
  describe.skipIf(!remote.server)(`on the server${unset}`, () => {
    afterAll(() => remote.server && remote.dispose(remote.server));

    it('keeps each collection apart on the server', async () => {
      const server = remote.server as string;
      const store = await openStore(withParameter(server, remote.parameter, remote.place));
      try {
        await new SeenRepository(store, 3_600_000).mark('wire', ['h1'], T0);
        await new OutboxRepository(store).putMany([entry('k1', 1)]);
        await remote.layout(server, remote.place);
      } finally {
        await store.close();
      }
    });

    it('lost for good at run time: the operation and `failed` tell why, later operations are refused, close returns', async () => {
      const server = remote.server as string;
      const link = await relay(server);
      const url = withParameter(server, remote.parameter, remote.place, link.port);
      const store = await openStore(url);
      const outbox = new OutboxRepository(store);
      await outbox.putMany([entry('k2', 2)]);
      link.cut();
      const error = await outbox.pending().catch((e: unknown) => e);
      const failure = await store.failed;
      expect(error).toBe(failure);
      expect(failure.kind).toBe('unreachable');
      expect(failure.message).toContain(`the ${remote.backend} store at ${url} cannot be reached`);
      await expect(outbox.get('k2')).rejects.toBe(failure);
      await store.close();
    });

    // PostgreSQL's pool notices a lost server at the next query; Redis's client reconnects in
    // the background, and giving up is a failure even with no operation under way.
    if (remote.backend === 'Redis') it('lost for good while idle: `failed` settles once reconnecting is given up', async () => {
      const server = remote.server as string;
      const link = await relay(server);
      const store = await openStore(withParameter(server, remote.parameter, remote.place, link.port));
      link.cut();
      const failure = await store.failed;
      expect(failure.kind).toBe('unreachable');
      expect(failure.message).toContain('ECONNREFUSED');
      await expect(new OutboxRepository(store).pending()).rejects.toBe(failure);
      await store.close();
    });
  });
});

describe('STORE_URL', () => {
  it('an unknown scheme is refused with the accepted ones listed, and no password shown', async () => {
    const refusal = openStore('mongodb://ict:s3cret-pass@db.example/ict');
    await expect(refusal).rejects.toBeInstanceOf(StoreUrlError);
    await expect(refusal).rejects.toThrow(/"mongodb:\/\/ict:\*\*\*@db\.example\/ict" is not supported: use sqlite:\/\/.*redis:\/\/.*rediss:\/\/.*postgres:\/\/.*memory:\/\//);
  });

  it('a prefix or schema that could reach outside its place is refused', async () => {
    await expect(openStore('redis://127.0.0.1:6379?prefix=a*b')).rejects.toThrow(StoreUrlError);
    await expect(openStore('postgres://u@127.0.0.1/test?schema=x";drop')).rejects.toThrow(StoreUrlError);
  });
});
