/**
 * SSRF attacks on the guarded feed fetcher (feeds added from chat), with real loopback servers.
 * Every loopback server is private, so the test declares exactly one address, 127.0.0.1, public
 * (an injected address policy) and answers DNS itself (an injected resolver). The "internal"
 * servers listen on 127.0.0.2 and ::1 on the same port, and count every connection they get:
 * a refused attack must leave them at zero.
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPrivateAddress, type ResolveAll } from '../../src/feeds/fetch/address-guard.js';
import { SchemeRouter } from '../../src/feeds/fetch/any-source.js';
import { FetchError } from '../../src/feeds/fetch/feed-source.js';
import { HttpFeedSource, type HttpSourceOptions } from '../../src/feeds/fetch/http-source.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Outside wire</title></channel></rss>';
const SECRET_PAGE = 'internal admin page: must never be fetched';

interface Listening {
  server: Server;
  connections: number;
  requests: string[];
}

/** A server on `host:port` that counts connections and requests; `routes` answers by path. */
async function listen(host: string, port: number, routes: Record<string, RequestListener> = {}): Promise<Listening> {
  const state: Listening = { server: createServer(), connections: 0, requests: [] };
  state.server.on('connection', () => (state.connections += 1));
  state.server.on('request', (req, res) => {
    state.requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route) return void route(req, res);
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(host === '127.0.0.1' ? FEED : SECRET_PAGE);
  });
  await new Promise<void>((resolve, reject) => state.server.once('error', reject).listen(port, host, resolve));
  return state;
}

const redirect = (location: string, extra: Record<string, string> = {}): RequestListener => (_req, res) => res.writeHead(302, { location, ...extra }).end();

describe('SSRF: feeds added from chat cannot reach internal addresses', () => {
  let outside: Listening;
  let inside: Listening;
  let inside6: Listening;
  let port: number;
  let source: HttpFeedSource;
  const lookups: string[] = [];
  /** DNS as the test declares it: a fixed answer per name, or a function of the call count. */
  const dns: Record<string, LookupAddress[] | ((call: number) => LookupAddress[])> = {};
  const v4 = (address: string): LookupAddress => ({ address, family: 4 });
  const v6 = (address: string): LookupAddress => ({ address, family: 6 });

  const resolve: ResolveAll = async (hostname) => {
    lookups.push(hostname);
    const answer = dns[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return typeof answer === 'function' ? answer(lookups.filter((h) => h === hostname).length) : answer;
  };
  // The real policy, except that 127.0.0.1 stands for "a public server" in this test.
  const isPrivate = (address: string) => address.replace(/^\[|\]$/g, '') !== '127.0.0.1' && isPrivateAddress(address);
  const options: HttpSourceOptions = { userAgent: 'ict-radar-ssrf-test', connectTimeoutMs: 2_000, timeoutMs: 4_000, maxBodyBytes: 100_000, maxRedirects: 5, perHostConcurrency: 4, guardPrivateAddresses: true, resolve, isPrivate };
  const url = (host: string, path = '/feed.xml') => `http://${host}:${port}${path}`;
  const refusal = async (target: string, using = source) => {
    const error = await using.fetch({ url: target }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).kind).toBe('bad-url');
    return (error as FetchError).message;
  };

  beforeAll(async () => {
    outside = await listen('127.0.0.1', 0, {
      '/to-loopback': (req, res) => redirect(`http://127.0.0.2:${port}/admin`)(req, res),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data'),
      '/to-mapped': (req, res) => redirect(`http://[::ffff:127.0.0.2]:${port}/admin`)(req, res),
      '/to-internal-name': (req, res) => redirect(`http://internal.example:${port}/admin`)(req, res),
      '/to-scheme-relative': (req, res) => redirect(`//127.0.0.2:${port}/admin`)(req, res),
      // Closing the connection makes the next hop connect (and look the name up) again.
      '/to-same-host': (req, res) => redirect(`http://rebind.example:${port}/feed.xml`, { connection: 'close' })(req, res),
      '/closing-feed': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', connection: 'close' }).end(FEED),
      '/to-file': redirect('file:///etc/passwd'),
      '/to-ftp': redirect('ftp://ftp.example/feed.xml'),
      '/to-gopher': redirect('gopher://127.0.0.1:70/_stats'),
      '/to-data': redirect('data:application/rss+xml,<rss/>'),
    });
    port = (outside.server.address() as AddressInfo).port;
    inside = await listen('127.0.0.2', port);
    inside6 = await listen('::1', port);
    Object.assign(dns, { 'feeds.example': [v4('127.0.0.1')], 'internal.example': [v4('10.0.0.5')], 'loop6.example': [v6('::1')] });
    dns['mixed.example'] = [v4('127.0.0.2'), v6('::1'), v4('10.0.0.5'), v4('127.0.0.1'), v4('169.254.169.254')];
  });
  beforeEach(async () => {
    // A fresh connection pool per test: the rebinding tests depend on new connections.
    await source?.close();
    source = new HttpFeedSource(options);
    lookups.length = 0;
  });
  afterAll(async () => {
    await source.close();
    for (const s of [outside, inside, inside6]) {
      s.server.closeAllConnections();
      await new Promise((done) => s.server.close(done));
    }
    // The whole point: nothing inside was ever contacted.
    expect([inside.connections, inside6.connections]).toEqual([0, 0]);
  });

  it('control: a public name that answers a feed is fetched (so the refusals below are the guard, not the set-up)', async () => {
    const result = await source.fetch({ url: url('feeds.example') });
    expect(result.kind === 'body' && result.body.toString()).toBe(FEED);
  });

  it.each([
    ['/to-loopback', /^refusing the redirect to http:\/\/127\.0\.0\.2:\d+\/admin: 127\.0\.0\.2 is a loopback address; feeds added from chat may not point at private/],
    ['/to-metadata', /^refusing the redirect to http:\/\/169\.254\.169\.254\/latest\/meta-data: 169\.254\.169\.254 is a link-local address \(where cloud metadata services answer\)/],
    ['/to-mapped', /^refusing the redirect to http:\/\/\[::ffff:7f00:2\]:\d+\/admin: ::ffff:7f00:2 is an IPv4 address wrapped in IPv6 \(a loopback address\)/],
    ['/to-scheme-relative', /^refusing the redirect to http:\/\/127\.0\.0\.2:\d+\/admin: 127\.0\.0\.2 is a loopback address/],
    ['/to-internal-name', /^refusing: internal\.example resolves only to private or internal addresses/],
  ])('a public URL that redirects inside (%s) is refused, and the inside server gets nothing', async (path, message) => {
    expect(await refusal(url('feeds.example', path))).toMatch(message);
    expect(inside.connections + inside6.connections).toBe(0);
  });

  it.each([['internal.example', '10.0.0.5'], ['loop6.example', '::1']])('a name whose DNS answer is private (%s → %s) is refused before connecting', async (host) => {
    expect(await refusal(url(host))).toBe(`refusing: ${host} resolves only to private or internal addresses, which feeds added from chat may not reach`);
    expect(lookups).toEqual([host]);
    expect(inside6.connections).toBe(0);
  });

  it('a name whose answers mix private and public addresses is fetched from the public one only', async () => {
    const result = await source.fetch({ url: url('mixed.example') });
    expect(result.kind === 'body' && result.body.toString()).toBe(FEED);
    expect(inside.connections + inside6.connections).toBe(0);
  });

  it('DNS rebinding within one fetch: public for the first hop, private for the redirect to the same name', async () => {
    dns['rebind.example'] = (call) => [v4(call === 1 ? '127.0.0.1' : '127.0.0.2')];
    const served = outside.requests.length;
    expect(await refusal(url('rebind.example', '/to-same-host'))).toMatch(/^refusing: rebind\.example resolves only to private or internal addresses/);
    expect(lookups).toEqual(['rebind.example', 'rebind.example']);
    expect(outside.requests.length).toBe(served + 1);
  });

  it('DNS rebinding between fetches: the first poll reads the public server, the next is refused', async () => {
    dns['rebind2.example'] = (call) => [v4(call === 1 ? '127.0.0.1' : '127.0.0.2')];
    const first = await source.fetch({ url: url('rebind2.example', '/closing-feed') });
    expect(first.kind).toBe('body');
    expect(await refusal(url('rebind2.example', '/closing-feed'))).toMatch(/^refusing: rebind2\.example resolves only to private/);
  });

  it.each(['file:///etc/passwd', 'ftp://ftp.example/feed.xml', 'gopher://feeds.example:70/_stats', 'data:application/rss+xml,<rss/>'])('refuses the non-http scheme of %s', async (target) => {
    const scheme = target.slice(0, target.indexOf(':') + 1);
    expect(await refusal(target)).toBe(`refusing to follow a ${scheme} URL: only http and https feeds are read`);
    // The router in front of the guarded source (the chat path) refuses it too, by name.
    await expect(new SchemeRouter({}, source).fetch({ url: target, guard: true })).rejects.toThrow(`"${target}" is not an http(s) URL`);
  });

  it.each([['/to-file', 'file:'], ['/to-ftp', 'ftp:'], ['/to-gopher', 'gopher:'], ['/to-data', 'data:']])('refuses a redirect (%s) to a %s URL', async (path, scheme) => {
    expect(await refusal(url('feeds.example', path))).toBe(`refusing the redirect to a ${scheme} URL: only http and https feeds are read`);
  });

  it.each(['2130706434', '0x7f.2', '017700000002', '0x7f000002', '127.2', '[::ffff:127.0.0.2]', '[::ffff:7f00:2]', '[0:0:0:0:0:ffff:7f00:2]', 'localhost', 'localhost.', 'admin.localhost'])(
    'refuses %s (another spelling of a loopback address or name) before connecting',
    async (host) => {
      expect(await refusal(url(host))).toMatch(/: (127\.0\.0\.2 is a loopback address|::ffff:7f00:2 is an IPv4 address wrapped in IPv6 \(a loopback address\)|\S*localhost\.? is a loopback name); feeds added from chat may not point at private, loopback or link-local addresses$/);
      expect(lookups).toEqual([]);
    },
  );

  it.each(['http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'http://[::ffff:127.0.0.1]/', 'http://[::127.0.0.1]/', 'http://0/', 'http://[fec0::1]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::1]/'])(
    'with the real policy, refuses %s before any DNS or connection',
    async (target) => {
      const real = new HttpFeedSource({ ...options, isPrivate: undefined, resolve: undefined });
      try {
        expect(await refusal(target, real)).toMatch(new RegExp(`^refusing ${target.replace(/[.[\]/]/g, '\\$&')}: \\S+ is (a|an) [^;]+; feeds added from chat may not point at private`));
      } finally {
        await real.close();
      }
    },
  );

  it('will not run the guard through a connection pool it does not own (its DNS check would be skipped)', () => {
    expect(() => new HttpFeedSource({ ...options, dispatcher: {} as never })).toThrow('cannot check DNS answers through an injected dispatcher');
  });
});
