/* eslint-disable max-lines -- the server, its route builders and the feed builders belong together. */
/**
 * A loopback HTTP server for tests of feed fetching, on node:http only: 127.0.0.1, an ephemeral
 * port, routes declared per test. It can answer conditional GETs, redirect, compress, lie about
 * charsets, stall, trickle, stream without end, reset or hang, and it records every request and
 * the peak number of requests in flight. `close()` destroys every socket, hung ones included.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import zlib from 'node:zlib';

export type ContentCoding = 'gzip' | 'deflate' | 'deflate-raw' | 'br';

export interface Route {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Wait this long before sending the status line and headers. */
  delayMs?: number;
  /** Send the body `bytes` at a time, `intervalMs` apart (after the headers). */
  trickle?: { bytes: number; intervalMs: number };
  /** Omit Content-Length and send the body chunked. */
  chunked?: boolean;
  /** Take over the response entirely; the other fields are ignored. */
  handler?: (req: IncomingMessage, res: ServerResponse) => void;
}

export type RouteSpec = Route | ((req: IncomingMessage) => Route);

export interface RecordedRequest {
  method: string;
  /** The request target as sent: path and query. */
  path: string;
  /** The Host header, e.g. "127.0.0.1:43567". */
  host: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FeedServer {
  /** The origin, e.g. "http://127.0.0.1:43567". */
  readonly origin: string;
  readonly port: number;
  /** An absolute URL on this server; `host` swaps the host name (e.g. "localhost"). */
  url(path: string, host?: string): string;
  /** Routes match the exact path-and-query first, then the path alone. */
  route(path: string, spec: RouteSpec): void;
  readonly requests: RecordedRequest[];
  /** Requests received for this path (exact match on path-and-query, or on the path alone). */
  hits(path: string): number;
  /** Requests being answered right now. */
  inFlight(): number;
  /** Peak of requests in flight at once, among those matching (a path prefix or a predicate). */
  maxConcurrent(filter?: string | ((req: RecordedRequest) => boolean)): number;
  /** Forgets recorded requests and concurrency (routes stay). */
  reset(): void;
  /** Resolves once no request is in flight, or rejects after `timeoutMs`. */
  waitIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, RouteSpec>();
  const requests: RecordedRequest[] = [];
  let events: Array<{ delta: 1 | -1; req: RecordedRequest }> = [];
  const active = new Set<RecordedRequest>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const idleWaiters = new Set<() => void>();

  const server = http.createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      host: req.headers.host ?? '',
      headers: req.headers,
      at: Date.now(),
    };
    requests.push(record);
    active.add(record);
    events.push({ delta: 1, req: record });
    res.on('close', () => {
      active.delete(record);
      events.push({ delta: -1, req: record });
      if (active.size === 0) for (const wake of idleWaiters) wake();
    });
    const spec = routes.get(record.path) ?? routes.get(pathOnly(record.path));
    if (!spec) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${record.path}`);
      return;
    }
    let route: Route;
    try {
      route = typeof spec === 'function' ? spec(req) : spec;
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      return;
    }
    serve(route, req, res, later);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** A timer that is cleared when the response closes or the server shuts down. */
  function later(res: ServerResponse, ms: number, fn: () => void): void {
    const clear = (): void => {
      clearTimeout(timer);
      timers.delete(timer);
    };
    const timer = setTimeout(() => {
      timers.delete(timer);
      // Fired: its close listener is no longer needed, so a long trickle does not pile them up.
      res.off('close', clear);
      fn();
    }, ms);
    timers.add(timer);
    res.once('close', clear);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    requests,
    url: (path, host) => `http://${host ?? '127.0.0.1'}:${port}${path.startsWith('/') ? path : `/${path}`}`,
    route: (path, spec) => void routes.set(path, spec),
    hits: (path) => requests.filter((r) => r.path === path || pathOnly(r.path) === path).length,
    inFlight: () => active.size,
    maxConcurrent(filter) {
      const matches = typeof filter === 'function' ? filter : (r: RecordedRequest) => !filter || r.path.startsWith(filter);
      let current = 0;
      let peak = 0;
      for (const event of events) {
        if (!matches(event.req)) continue;
        current += event.delta;
        peak = Math.max(peak, current);
      }
      return peak;
    },
    reset() {
      requests.length = 0;
      events = [...active].map((req) => ({ delta: 1 as const, req }));
    },
    waitIdle(timeoutMs = 2000) {
      if (active.size === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          reject(new Error(`${active.size} request(s) still in flight after ${timeoutMs} ms`));
        }, timeoutMs);
        idleWaiters.add(wake);
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function pathOnly(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

function serve(route: Route, req: IncomingMessage, res: ServerResponse, later: (res: ServerResponse, ms: number, fn: () => void) => void): void {
  if (route.handler) {
    route.handler(req, res);
    return;
  }
  const send = (): void => {
    const body = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : route.body ?? Buffer.alloc(0);
    const headers: Record<string, string | string[]> = { ...route.headers };
    const hasLength = Object.keys(headers).some((k) => k.toLowerCase() === 'content-length');
    if (!route.chunked && !hasLength) headers['content-length'] = String(body.length);
    res.writeHead(route.status ?? 200, headers);
    if (!route.trickle || body.length === 0) {
      res.end(body);
      return;
    }
    const { bytes, intervalMs } = route.trickle;
    res.flushHeaders();
    let offset = 0;
    const step = (): void => {
      if (res.destroyed) return;
      const end = Math.min(body.length, offset + bytes);
      res.write(body.subarray(offset, end));
      offset = end;
      if (offset >= body.length) res.end();
      else later(res, intervalMs, step);
    };
    step();
  };
  if (route.delayMs) later(res, route.delayMs, send);
  else send();
}

// ---------------------------------------------------------------------------------------------
// Route builders
// ---------------------------------------------------------------------------------------------

export interface FeedRouteOptions {
  /** Sent as ETag; a matching If-None-Match (strong or weak, a list, or "*") gets a 304. */
  etag?: string;
  /** Sent as Last-Modified; If-Modified-Since at or after it gets a 304 (unless If-None-Match was sent). */
  lastModified?: string;
  /** Compress the body with this coding when the client accepts it ("deflate-raw" is sent as "deflate"). */
  encoding?: ContentCoding;
  /** Shorthands for `encoding`. */
  gzip?: boolean;
  deflate?: boolean;
  brotli?: boolean;
  /** Default "application/rss+xml". */
  contentType?: string;
  /** The charset parameter of Content-Type (a label only: pass the body as a Buffer to send other bytes). */
  charset?: string;
  cacheControl?: string;
  /** Extra headers on both 200 and 304. */
  headers?: Record<string, string>;
}

/** A feed with validators, compression and a Content-Type, answering conditional GETs properly. */
export function feedRoute(xml: string | Buffer, options: FeedRouteOptions = {}): (req: IncomingMessage) => Route {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  const coding = options.encoding ?? (options.gzip ? 'gzip' : options.brotli ? 'br' : options.deflate ? 'deflate' : undefined);
  const encoded = coding ? compress(bytes, coding) : bytes;
  return (req) => {
    const validators: Record<string, string> = { ...options.headers };
    if (options.etag) validators.etag = options.etag;
    if (options.lastModified) validators['last-modified'] = options.lastModified;
    if (options.cacheControl) validators['cache-control'] = options.cacheControl;
    if (isNotModified(req.headers, options.etag, options.lastModified)) return { status: 304, headers: validators, chunked: true };
    const type = options.contentType ?? 'application/rss+xml';
    const headers: Record<string, string> = { ...validators, 'content-type': options.charset ? `${type}; charset=${options.charset}` : type };
    const wire = coding === 'deflate-raw' ? 'deflate' : coding;
    if (wire && acceptsCoding(req.headers['accept-encoding'], wire)) {
      headers['content-encoding'] = wire;
      headers.vary = 'Accept-Encoding';
      return { status: 200, headers, body: encoded };
    }
    return { status: 200, headers, body: bytes };
  };
}

function isNotModified(headers: IncomingHttpHeaders, etag: string | undefined, lastModified: string | undefined): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!etag) return false;
    const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
  }
  const since = headers['if-modified-since'];
  if (since === undefined || !lastModified) return false;
  const sinceMs = Date.parse(since);
  const modifiedMs = Date.parse(lastModified);
  return !Number.isNaN(sinceMs) && !Number.isNaN(modifiedMs) && modifiedMs <= sinceMs;
}

function acceptsCoding(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (name === coding || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export function compress(bytes: Buffer, coding: ContentCoding): Buffer {
  switch (coding) {
    case 'gzip':
      return zlib.gzipSync(bytes);
    case 'deflate':
      return zlib.deflateSync(bytes);
    case 'deflate-raw':
      return zlib.deflateRawSync(bytes);
    case 'br':
      return zlib.brotliCompressSync(bytes);
  }
}

/** A 3xx pointing at `location` (relative or absolute, any scheme). */
export function redirectRoute(location: string, status: 301 | 302 | 303 | 307 | 308 = 302): Route {
  return { status, headers: { location }, body: `moved to ${location}` };
}

/** An error status, with Retry-After when given. */
export function errorRoute(status: number, retryAfter?: string | number): Route {
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  return { status, headers, body: `error ${status}` };
}

/** Destroys the connection: at once, or after sending the headers and `afterBytes` of a longer body. */
export function resetRoute(afterBytes?: number): Route {
  return {
    handler(req, res) {
      if (afterBytes === undefined) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(afterBytes * 4 + 1024) });
      res.write(Buffer.alloc(afterBytes, 0x20), () => setTimeout(() => req.socket.destroy(), 20));
    },
  };
}

/** Never answers; `close()` destroys the socket. */
export function hangRoute(): Route {
  return { handler: () => undefined };
}

export interface StreamStats {
  bytesWritten: number;
  /** True once the whole body was written (false when the client gave up first). */
  finished: boolean;
  /** True when the client closed the connection before the end. */
  aborted: boolean;
}

/**
 * A large or endless body, generated chunk by chunk with backpressure: nothing near
 * `totalBytes` is ever held in memory. `contentLength: true` declares the size; otherwise
 * the body goes chunked. `totalBytes: Infinity` never ends.
 */
export function streamRoute(options: {
  totalBytes: number;
  chunkBytes?: number;
  contentLength?: boolean;
  intervalMs?: number;
  contentType?: string;
  fill?: number;
}): Route & { stats: StreamStats } {
  const stats: StreamStats = { bytesWritten: 0, finished: false, aborted: false };
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, options.fill ?? 0x20);
  return {
    stats,
    handler(_req, res) {
      const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/rss+xml' };
      if (options.contentLength && Number.isFinite(options.totalBytes)) headers['content-length'] = String(options.totalBytes);
      res.writeHead(200, headers);
      res.flushHeaders();
      let timer: NodeJS.Timeout | undefined;
      res.on('close', () => {
        if (timer) clearTimeout(timer);
        if (!stats.finished) stats.aborted = true;
      });
      const pump = (): void => {
        while (!res.destroyed) {
          const left = options.totalBytes - stats.bytesWritten;
          if (left <= 0) {
            stats.finished = true;
            res.end();
            return;
          }
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          stats.bytesWritten += piece.length;
          const more = res.write(piece);
          if (options.intervalMs) {
            timer = setTimeout(pump, options.intervalMs);
            return;
          }
          if (!more) {
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    },
  };
}

/**
 * A small compressed body that inflates to `decompressedBytes` of zeros (a "zip bomb"),
 * compressed as a stream so the server never allocates the inflated size.
 */
export async function compressionBomb(decompressedBytes: number, coding: 'gzip' | 'deflate' | 'br' = 'gzip'): Promise<Buffer> {
  const stream =
    coding === 'gzip'
      ? zlib.createGzip({ level: 9 })
      : coding === 'deflate'
        ? zlib.createDeflate({ level: 9 })
        : zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  const out: Buffer[] = [];
  stream.on('data', (piece: Buffer) => out.push(piece));
  const done = once(stream, 'end');
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = decompressedBytes; left > 0; left -= zeros.length) {
    if (!stream.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await once(stream, 'drain');
  }
  stream.end();
  await done;
  return Buffer.concat(out);
}

/** A route serving a compression bomb with the matching Content-Encoding. */
export function bombRoute(compressed: Buffer, coding: 'gzip' | 'deflate' | 'br' = 'gzip'): Route {
  return { status: 200, headers: { 'content-type': 'application/rss+xml', 'content-encoding': coding }, body: compressed };
}

// ---------------------------------------------------------------------------------------------
// Feed builders
// ---------------------------------------------------------------------------------------------

export interface FixtureItem {
  guid?: string;
  title?: string;
  link?: string;
  /** RSS: an RFC 822 date; Atom: an ISO date (for <updated>). */
  pubDate?: string;
  description?: string;
}

export interface FixtureChannel {
  title?: string;
  link?: string;
  description?: string;
  /** The encoding named in the XML declaration; the text stays a JS string. */
  encoding?: string;
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const element = (name: string, value: string | undefined, attrs = ''): string =>
  value === undefined ? '' : `<${name}${attrs}>${escapeXml(value)}</${name}>`;

function channelOf(channel: string | FixtureChannel | undefined, fallback: string): FixtureChannel {
  return typeof channel === 'string' ? { title: channel } : { title: fallback, ...channel };
}

/** An RSS 2.0 document. */
export function rssFeed(items: FixtureItem[], channel?: string | FixtureChannel): string {
  const c = channelOf(channel, 'ICT Wire');
  const body = items
    .map((item) =>
      [
        '    <item>',
        element('title', item.title),
        element('link', item.link),
        element('guid', item.guid, item.guid && !/^https?:/.test(item.guid) ? ' isPermaLink="false"' : ''),
        element('pubDate', item.pubDate),
        element('description', item.description),
        '</item>',
      ].join(''),
    )
    .join('\n');
  return [
    `<?xml version="1.0" encoding="${c.encoding ?? 'UTF-8'}"?>`,
    '<rss version="2.0">',
    '  <channel>',
    `    ${element('title', c.title)}`,
    `    ${element('link', c.link ?? 'https://ict-wire.example/')}`,
    `    ${element('description', c.description ?? 'News from networks, chips and data centers')}`,
    body,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** An Atom 1.0 document. */
export function atomFeed(items: FixtureItem[], channel?: string | FixtureChannel): string {
  const c = channelOf(channel, 'ICT Wire (Atom)');
  const link = c.link ?? 'https://ict-wire.example/';
  const entries = items
    .map((item, i) =>
      [
        '  <entry>',
        element('title', item.title ?? ''),
        item.link ? `<link rel="alternate" href="${escapeXml(item.link)}"/>` : '',
        element('id', item.guid ?? item.link ?? `urn:ict-wire:entry:${i}`),
        element('updated', item.pubDate ?? '2025-01-01T00:00:00Z'),
        element('summary', item.description),
        '</entry>',
      ].join(''),
    )
    .join('\n');
  return [
    `<?xml version="1.0" encoding="${c.encoding ?? 'UTF-8'}"?>`,
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${element('title', c.title)}`,
    `  <link rel="alternate" href="${escapeXml(link)}"/>`,
    `  ${element('id', link)}`,
    '  <updated>2025-01-01T00:00:00Z</updated>',
    entries,
    '</feed>',
    '',
  ].join('\n');
}

/** A few items of ICT news, written for these tests. */
export const sampleItems: FixtureItem[] = [
  {
    guid: 'ict-wire-5g-sa-0001',
    title: 'Operators switch on 5G standalone cores in three more regions',
    link: 'https://ict-wire.example/news/5g-standalone-rollout',
    pubDate: 'Tue, 04 Mar 2025 08:30:00 GMT',
    description: 'Network slicing trials move from the lab to <b>commercial</b> service & enterprise pilots.',
  },
  {
    guid: 'ict-wire-iot-0002',
    title: 'Low-power IoT modules get cheaper as NB-IoT & LTE-M volumes grow',
    link: 'https://ict-wire.example/news/iot-module-prices',
    pubDate: 'Wed, 05 Mar 2025 10:00:00 GMT',
    description: 'Smart meters and asset trackers account for most of the "massive IoT" shipments.',
  },
  {
    guid: 'ict-wire-dc-0003',
    title: 'Liquid cooling becomes the default for new AI data center halls',
    link: 'https://ict-wire.example/news/dc-liquid-cooling',
    pubDate: 'Thu, 06 Mar 2025 14:15:00 GMT',
    description: 'Rack densities above 80 kW leave air cooling behind, operators say.',
  },
];
