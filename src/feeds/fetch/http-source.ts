import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { parseMaxAge, parseRetryAfter } from './cache-control.js';
import { FetchError, type FeedSource, type FetchRequest, type FetchResult } from './feed-source.js';
import { HostLimiter } from './host-limiter.js';
import { type AddressPolicy, describePrivateAddress, guardedLookup, isPrivateAddress, type ResolveAll } from './address-guard.js';

export interface HttpSourceOptions {
  userAgent: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  /** Injected for tests and proxies; by default a keep-alive agent of our own. */
  dispatcher?: Dispatcher;
  /** Refuse private and internal addresses (URL, redirects, DNS answers): for feeds added from chat. */
  guardPrivateAddresses?: boolean;
  /** With the guard: how host names are resolved (default: the system's DNS). For tests. */
  resolve?: ResolveAll;
  /** With the guard: which addresses are refused (default: isPrivateAddress). For tests. */
  isPrivate?: AddressPolicy;
  now?: () => number;
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** Reads feeds over HTTP(S): conditional GET, bounded size and time, manual redirects, polite per host. */
export class HttpFeedSource implements FeedSource {
  /** Injected (tests, proxies): used for every request instead of the agents below. */
  private readonly injected: Dispatcher | undefined;
  /** One agent per host slot (see HostLimiter), each with one connection per host. */
  private readonly slotAgents: Agent[] = [];
  /** For a redirect to another host, whose slots this request does not hold. */
  private otherHostAgent: Agent | undefined;
  private readonly hosts: HostLimiter;
  private readonly now: () => number;
  private readonly isPrivate: AddressPolicy;

  constructor(private readonly options: HttpSourceOptions) {
    this.isPrivate = options.isPrivate ?? isPrivateAddress;
    // The DNS half of the guard lives in our own connector: a dispatcher from outside would skip it.
    if (options.guardPrivateAddresses && options.dispatcher) throw new Error('guardPrivateAddresses cannot check DNS answers through an injected dispatcher');
    this.injected = options.dispatcher;
    this.hosts = new HostLimiter(options.perHostConcurrency);
    this.now = options.now ?? Date.now;
  }

  async fetch(req: FetchRequest): Promise<FetchResult> {
    const start = this.checked(parseHttpUrl(req.url), `refusing ${req.url}`);
    return this.hosts.run(start.host, (slot) => {
      // Cancelled while queued behind the host's other feeds: give up before opening a connection.
      if (req.signal?.aborted) throw new FetchError('aborted', 'the fetch was cancelled (the worker is stopping)');
      return this.follow(start, req, slot);
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.slotAgents, this.otherHostAgent].map((agent) => agent?.close()));
  }

  /**
   * A slot's agent keeps one connection (an undici Client) per host, and the slot is held by
   * one request at a time, so nothing queues in it. undici's default, a Pool per origin,
   * allocates a 2048-entry queue up front: with ten thousand hosts each read once a cycle,
   * those queues were most of the cycle's garbage and of its peak memory.
   */
  private dispatcherFor(slot: number, sameHost: boolean): Dispatcher {
    if (this.injected) return this.injected;
    if (!sameHost) return (this.otherHostAgent ??= this.agent());
    return (this.slotAgents[slot] ??= this.agent({ connections: 1 }));
  }

  private agent(extra: { connections?: number } = {}): Agent {
    const options = this.options;
    return new Agent({
      connect: { timeout: options.connectTimeoutMs, ...(options.guardPrivateAddresses ? { lookup: guardedLookup(this.isPrivate, options.resolve) } : {}) },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // Feeds are polled minutes apart: a short keep-alive serves redirects and per-host bursts
      // without holding thousands of idle sockets between polls.
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 10_000,
      ...extra,
    });
  }

  private async follow(start: URL, req: FetchRequest, slot: number): Promise<FetchResult> {
    // One controller and one timer per fetch, both released when it ends. AbortSignal.timeout
    // would keep a timer for the whole timeout after a 304 that took a millisecond, and
    // AbortSignal.any would tie every fetch to the worker's long-lived signal.
    const controller = new AbortController();
    const deadline = { passed: false };
    const timer = setTimeout(() => {
      deadline.passed = true;
      controller.abort();
    }, this.options.timeoutMs);
    const cancel = () => controller.abort();
    req.signal?.addEventListener('abort', cancel);
    try {
      if (req.signal?.aborted) controller.abort();
      return await this.hops(start, req, slot, controller.signal, deadline);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', cancel);
    }
  }

  private async hops(start: URL, req: FetchRequest, slot: number, signal: AbortSignal, deadline: { passed: boolean }): Promise<FetchResult> {
    let url = start;
    let permanentUrl: string | undefined;
    let allPermanent = true;
    for (let hop = 0; ; hop += 1) {
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        accept: ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      // Validators belong to the URL they were issued for; after a redirect they may still apply
      // when the redirect is permanent (the resource moved), so keep sending them.
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, { method: 'GET', headers, signal, dispatcher: this.dispatcherFor(slot, url.host === start.host) });
      } catch (error) {
        throw toFetchError(error, req.signal, deadline.passed, this.options.timeoutMs);
      }
      const status = response.statusCode;
      const header = (name: string): string | undefined => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      if (status >= 300 && status < 400 && status !== 304) {
        await response.body.dump().catch(() => undefined);
        const location = header('location');
        if (!location) throw new FetchError('http-status', `HTTP ${status} redirect without a Location header`, { status });
        if (hop >= this.options.maxRedirects) {
          throw new FetchError('too-many-redirects', `more than ${this.options.maxRedirects} redirects (last to ${location})`, { status });
        }
        const parsed = parseHttpUrl(location, url, 'redirect');
        // The parsed form in the message: the Location header is the remote server's text.
        const next = this.checked(parsed, `refusing the redirect to ${parsed.href}`);
        allPermanent &&= status === 301 || status === 308;
        if (allPermanent) permanentUrl = next.href;
        url = next;
        continue;
      }
      const answer = { finalUrl: url.href, permanentUrl, status, maxAgeMs: parseMaxAge(header('cache-control')) };
      if (status === 304) {
        await response.body.dump().catch(() => undefined);
        return { kind: 'not-modified', ...answer };
      }
      if (status < 200 || status >= 300) {
        await response.body.dump().catch(() => undefined);
        if (status === 410) throw new FetchError('gone', 'HTTP 410 Gone: the publisher removed this feed', { status });
        const retryAfterMs = parseRetryAfter(header('retry-after'), this.now());
        throw new FetchError('http-status', `HTTP ${status}${statusHint(status)}`, { status, retryAfterMs });
      }
      const raw = await this.readBody(response, req.signal, deadline);
      const body = await this.decompress(raw, header('content-encoding'));
      return {
        kind: 'body',
        ...answer,
        body,
        contentType: header('content-type'),
        etag: header('etag'),
        lastModified: header('last-modified'),
      };
    }
  }

  /**
   * With the guard on, an address literal inside the operator's network, or a localhost name, is
   * refused before any connection (the URL parser has already turned 2130706433, 0x7f.1 and
   * 017700000001 into 127.0.0.1). Names are judged again on their DNS answers at connect time.
   */
  private checked(url: URL, refusing: string): URL {
    if (!this.options.guardPrivateAddresses) return url;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const kind = /(^|\.)localhost\.?$/.test(host) ? 'a loopback name' : this.isPrivate(host) ? (describePrivateAddress(host) ?? 'a private or internal address') : undefined;
    if (kind) throw new FetchError('bad-url', `${refusing}: ${host} is ${kind}; feeds added from chat may not point at private, loopback or link-local addresses`);
    return url;
  }

  private async readBody(response: Dispatcher.ResponseData, outer: AbortSignal | undefined, deadline: { passed: boolean }): Promise<Buffer> {
    const limit = this.options.maxBodyBytes;
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      response.body.destroy();
      throw new FetchError('too-large', `the feed is ${declared} bytes, over the ${limit}-byte limit (raise poll.maxBodySize if it is genuine)`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > limit) {
          response.body.destroy();
          throw new FetchError('too-large', `the feed passed the ${limit}-byte limit while downloading (raise poll.maxBodySize if it is genuine)`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw toFetchError(error, outer, deadline.passed, this.options.timeoutMs);
    }
    // A small feed arrives in one chunk: use it as it is rather than copy it.
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
  }

  /** Decompresses with a cap on the output, so a gzip bomb stops at the body limit. */
  private async decompress(body: Buffer, encoding: string | undefined): Promise<Buffer> {
    const coding = encoding?.trim().toLowerCase();
    if (!coding || coding === 'identity' || body.length === 0) return body;
    const options = { maxOutputLength: this.options.maxBodyBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') return await gunzip(body, options);
      if (coding === 'br') return await brotli(body, options);
      if (coding === 'deflate') {
        // Servers disagree on whether "deflate" means zlib-wrapped or raw; the first byte tells.
        return ((body[0] ?? 0) & 0x0f) === 8 ? await inflate(body, options) : await inflateRaw(body, options);
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new FetchError('too-large', `the feed decompresses past the ${this.options.maxBodyBytes}-byte limit`);
      }
      throw new FetchError('decompression', `the ${coding}-compressed body is corrupt`, { cause: error });
    }
    throw new FetchError('decompression', `unsupported Content-Encoding "${encoding}"`);
  }
}

function parseHttpUrl(value: string, base?: URL, what: 'url' | 'redirect' = 'url'): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new FetchError('bad-url', `"${value}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const refused = what === 'redirect' ? `refusing the redirect to a ${url.protocol} URL` : `refusing to follow a ${url.protocol} URL`;
    throw new FetchError('bad-url', `${refused}: only http and https feeds are read`);
  }
  return url;
}

function toFetchError(error: unknown, outer: AbortSignal | undefined, timedOut: boolean, timeoutMs: number): FetchError {
  if (error instanceof FetchError) return error;
  if (outer?.aborted) return new FetchError('aborted', 'the fetch was cancelled (the worker is stopping)', { cause: error });
  if (timedOut || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new FetchError('timeout', `no complete answer within ${Math.round(timeoutMs / 1000)}s`, { cause: error });
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) return new FetchError('timeout', 'the connection timed out', { cause: error });
  // The guarded lookup's refusal, as undici passes it on (itself or as the cause).
  const refusal = [error, (error as { cause?: unknown }).cause].find((e) => (e as { code?: string } | undefined)?.code === 'EPRIVATEADDRESS') as Error | undefined;
  if (refusal) return new FetchError('bad-url', `refusing: ${refusal.message}`, { cause: error });
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new FetchError('network', `network error: ${code && !message.includes(code) ? `${code} ` : ''}${message}`, { cause: error });
}

function statusHint(status: number): string {
  if (status === 404) return ' Not Found: check the feed URL';
  if (status === 401 || status === 403) return ' (access refused by the publisher)';
  if (status === 429) return ' Too Many Requests: backing off';
  if (status >= 500) return ' (the publisher\'s server failed)';
  return '';
}
