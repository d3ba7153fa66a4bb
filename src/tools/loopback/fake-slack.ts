import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A call the loopback Slack Web API received. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

/** A misbehaviour for the next chat.postMessage: a 5xx, a hang, a post accepted and its answer lost, or a reset. */
export type SlackFault = 500 | 503 | 'hang' | 'accept-then-hang' | 'reset' | 'ratelimited';

/**
 * A loopback Slack Web API for the real @slack/web-api client (Bolt's): answers the methods
 * ict-radar uses, enforces one message per second per channel with 429 and Retry-After, and
 * refuses a channel that is gone.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly admins = new Set<string>();
  readonly goneChannels = new Set<string>();
  rateLimited = 0;
  /** Answer the next chat.postMessage with 429 and Retry-After, as Slack does past its limit. */
  rateLimitNext = false;
  /** Misbehaviours applied to the next chat.postMessage calls, in order. */
  readonly postFaults: SlackFault[] = [];
  /** 429s answered, by channel. */
  readonly rateLimitedByChannel = new Map<string, number>();
  /** Whether conversations.history is allowed (the app has the channels:history scope). */
  historyScope = true;
  private server: Server | undefined;
  private readonly lastPost = new Map<string, number>();
  private readonly history = new Map<string, Array<{ ts: string; text: string; metadata?: unknown }>>();
  private readonly hanging = new Set<import('node:http').ServerResponse>();
  private lastTs = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] as string;
        const args = parseArgs(body, req.headers['content-type']);
        this.calls.push({ method, args, at: Date.now() });
        const fault = method === 'chat.postMessage' ? this.postFaults.shift() : undefined;
        if (fault === 'reset') return void req.socket.destroy();
        if (fault === 'hang') return void this.hanging.add(res);
        if (fault === 500 || fault === 503) return void res.writeHead(fault, { 'content-type': 'text/plain' }).end('upstream trouble');
        if (fault === 'ratelimited') this.rateLimitNext = true;
        const [status, headers, payload] = this.answer(method, args);
        if (fault === 'accept-then-hang') return void this.hanging.add(res);
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  posts(): Array<{ channel: string; text: string; blocks: unknown }> {
    return this.calls.filter((c) => c.method === 'chat.postMessage' && c.args.__accepted).map((c) => ({ channel: String(c.args.channel), text: String(c.args.text), blocks: c.args.blocks }));
  }

  private answer(method: string, args: Record<string, unknown>): [number, Record<string, string>, unknown] {
    switch (method) {
      case 'auth.test':
        return [200, {}, { ok: true, url: 'https://radar-test.slack.com/', team: 'Radar Test', user: 'radar', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' }];
      case 'users.info': {
        const id = String(args.user);
        return [200, {}, { ok: true, user: { id, name: id.toLowerCase(), is_admin: this.admins.has(id), is_owner: false } }];
      }
      case 'conversations.open':
        return [200, {}, { ok: true, channel: { id: `D${String(args.users)}` } }];
      case 'chat.postEphemeral':
        return [200, {}, { ok: true, message_ts: '1.0' }];
      case 'chat.postMessage': {
        const channel = String(args.channel);
        if (this.goneChannels.has(channel)) return [200, {}, { ok: false, error: 'channel_not_found' }];
        const last = this.lastPost.get(channel) ?? 0;
        if (this.rateLimitNext || Date.now() - last < 1_000) {
          this.rateLimitNext = false;
          this.rateLimited += 1;
          this.rateLimitedByChannel.set(channel, (this.rateLimitedByChannel.get(channel) ?? 0) + 1);
          return [429, { 'retry-after': '1' }, { ok: false, error: 'ratelimited' }];
        }
        this.lastPost.set(channel, Date.now());
        args.__accepted = true;
        // Timestamps are unique per workspace, microseconds after the second, as Slack's are.
        this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
        const ts = `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
        const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata;
        const list = this.history.get(channel) ?? [];
        list.push({ ts, text: String(args.text ?? ''), ...(metadata ? { metadata } : {}) });
        this.history.set(channel, list);
        return [200, {}, { ok: true, channel, ts }];
      }
      case 'conversations.history': {
        if (!this.historyScope) return [200, {}, { ok: false, error: 'missing_scope', needed: 'channels:history' }];
        const oldest = Number(args.oldest ?? 0);
        const limit = Number(args.limit ?? 100);
        const withMetadata = String(args.include_all_metadata) === 'true';
        // Newest first, paged with a cursor (the index of the next message), as Slack pages.
        const all = [...(this.history.get(String(args.channel)) ?? [])].filter((m) => Number(m.ts) >= oldest).reverse();
        const from = Number(args.cursor ?? 0);
        const page = all.slice(from, from + limit).map((m) => ({ type: 'message', user: 'UBOT', ts: m.ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        const more = from + limit < all.length;
        return [200, {}, { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } }];
      }
      default:
        return [200, {}, { ok: false, error: 'unknown_method' }];
    }
  }
}

function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    try {
      args[key] = key === 'blocks' ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => resolve(data));
  });
}

/** A slash command as Slack sends it: form-encoded, signed with v0 HMAC-SHA256 of "v0:<ts>:<body>". */
export async function sendSlashCommand(url: string, secret: string, fields: { text: string; user_id: string; channel_id?: string; team_id?: string }, options: { timestamp?: number; badSignature?: boolean } = {}): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team_id ?? 'T0001',
    team_domain: 'radar-test',
    channel_id: fields.channel_id ?? 'C0001',
    channel_name: 'ict-news',
    user_id: fields.user_id,
    user_name: fields.user_id.toLowerCase(),
    command: '/radar',
    text: fields.text,
    api_app_id: 'A0001',
    response_url: 'http://127.0.0.1:9/unused',
    trigger_id: '1.2.3',
  }).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.badSignature ? 'wrong-secret' : secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } });
  return { status: res.status, body: await res.text() };
}
