import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A call the loopback Slack Web API received. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

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
  private server: Server | undefined;
  private readonly lastPost = new Map<string, number>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] as string;
        const args = parseArgs(body, req.headers['content-type']);
        this.calls.push({ method, args, at: Date.now() });
        const [status, headers, payload] = this.answer(method, args);
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  async stop(): Promise<void> {
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
          return [429, { 'retry-after': '1' }, { ok: false, error: 'ratelimited' }];
        }
        this.lastPost.set(channel, Date.now());
        args.__accepted = true;
        return [200, {}, { ok: true, channel, ts: `${Date.now() / 1000}` }];
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
