import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type APIChatInputApplicationCommandInteraction,
  type ApplicationFlags,
  type GatewayGuildCreateDispatchData,
  type GuildSystemChannelFlags,
  Locale,
  type RoleFlags,
  ApplicationCommandType,
  type GatewayDispatchPayload,
  GatewayDispatchEvents,
  type GatewayHelloData,
  GatewayOpcodes,
  InteractionType,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';

export interface RestCall {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/**
 * A misbehaviour for the next message post: a 429 (one of a storm), a 5xx, a request left hanging (never answered), a
 * message accepted and then left hanging (the answer is lost), or a connection reset.
 */
export type MessageFault = 429 | 500 | 502 | 'hang' | 'accept-then-hang' | 'reset';

/** Discord's limits as the fake enforces them: a bucket per channel for posts, and a global rate. */
export interface DiscordLimits {
  perChannel: number;
  perChannelWindowMs: number;
  globalPerSecond: number;
}

export const DISCORD_LIMITS: DiscordLimits = { perChannel: 5, perChannelWindowMs: 5_000, globalPerSecond: 50 };

/**
 * A loopback Discord: a REST server (gateway discovery, application commands, interaction
 * callbacks, channel messages, DMs) and a WebSocket gateway (HELLO, IDENTIFY, heartbeats, READY,
 * GUILD_CREATE, INTERACTION_CREATE), typed with discord-api-types so the compiler checks the
 * payloads against Discord's definitions. It can answer 429 to a message post, once.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  commands: Array<Record<string, unknown>> = [];
  rateLimitNextMessage = false;
  readonly goneChannels = new Set<string>();
  /** Misbehaviours applied to the next message posts, in order. */
  readonly messageFaults: MessageFault[] = [];
  /** 429s answered, by bucket ("global" or "channel:<id>"). */
  readonly rateLimited = new Map<string, number>();
  /** Posts that carried a nonce Discord had already seen, answered with the first message. */
  deduplicated = 0;
  /** IDENTIFY and RESUME requests received on the gateway. */
  identifies = 0;
  resumes = 0;
  private readonly nonces = new Map<string, Record<string, unknown>>();
  private readonly buckets = new Map<string, { count: number; resetAt: number }>();
  private globalTokens: number;
  private globalAt = Date.now();
  private readonly events: Array<{ s: number; text: string }> = [];
  private readonly hanging = new Set<import('node:http').ServerResponse>();
  private http: Server | undefined;
  private wss: WebSocketServer | undefined;
  private seq = 0;
  private port = 0;
  private identified: (() => void) | undefined;
  readonly ready = new Promise<void>((resolve) => (this.identified = resolve));

  constructor(readonly limits: DiscordLimits = DISCORD_LIMITS) {
    this.globalTokens = limits.globalPerSecond;
  }

  async start(): Promise<string> {
    this.http = createServer((req, res) => void this.rest(req, res));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (socket) => this.gateway(socket));
    await new Promise<void>((resolve) => this.http!.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/api`;
  }

  /**
   * Drops every gateway connection with a close code, as Discord does on its side: after 4000
   * (unknown error) the client resumes its session; after 4007 (invalid sequence) or 1000 it
   * identifies anew. Events dispatched while it is away are replayed on resume.
   */
  dropGateway(code = 4000): void {
    for (const client of this.wss?.clients ?? []) client.close(code, 'dropped by the loopback gateway');
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    this.http?.closeAllConnections();
    await new Promise((resolve) => this.http?.close(resolve));
  }

  messages(): Array<{ channel: string; body: Record<string, unknown> }> {
    return this.calls.filter((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path) && (c.body as { __accepted?: boolean }).__accepted).map((c) => ({ channel: c.path.split('/')[4] as string, body: c.body as Record<string, unknown> }));
  }

  callbacks(): Array<{ type: number; data: Record<string, unknown> }> {
    return this.calls.filter((c) => c.path.endsWith('/callback')).map((c) => c.body as { type: number; data: Record<string, unknown> });
  }

  /** Sends a slash command as Discord would, from a member with the given permissions. */
  async interact(name: string, options: unknown[], user: { id: string; permissions: string }): Promise<void> {
    const id = String(400000000000000000n + BigInt(++this.seq));
    const interaction: APIChatInputApplicationCommandInteraction = {
      id,
      application_id: APP_ID,
      type: InteractionType.ApplicationCommand,
      data: { id: '500000000000000001', name, type: ApplicationCommandType.ChatInput, options: options as never },
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, name: 'ict-news', guild_id: GUILD_ID } as never,
      member: { user: { id: user.id, username: `user${user.id.slice(-3)}`, discriminator: '0', global_name: null, avatar: null }, roles: [], permissions: user.permissions, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } as never,
      token: `interaction-token-${id}`,
      version: 1,
      app_permissions: '2147483647',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: GUILD_ID } as never,
      context: 0,
      attachment_size_limit: 8_388_608,
    } as APIChatInputApplicationCommandInteraction;
    const before = this.callbacks().length;
    this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.InteractionCreate, s: ++this.seq, d: interaction } as GatewayDispatchPayload);
    const deadline = Date.now() + 5_000;
    while (this.callbacks().length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private dispatch(payload: GatewayDispatchPayload, to?: WebSocket): void {
    const text = JSON.stringify(payload);
    if (to) return void to.send(text);
    this.events.push({ s: payload.s, text });
    // Interactions go to every connected client, as Discord would to each session of the bot.
    for (const client of this.wss?.clients ?? []) if (client.readyState === client.OPEN) client.send(text);
  }

  private gateway(socket: WebSocket): void {
    const hello: { op: GatewayOpcodes.Hello; d: GatewayHelloData } = { op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } };
    socket.send(JSON.stringify(hello));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (message.op === GatewayOpcodes.Heartbeat) socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
      if (message.op === GatewayOpcodes.Resume) {
        // Replays what the session missed, then RESUMED, as Discord does.
        this.resumes += 1;
        const since = (message.d as { seq: number }).seq;
        for (const event of this.events.filter((e) => e.s > since)) socket.send(event.text);
        socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: ++this.seq, d: {} }));
      }
      if (message.op === GatewayOpcodes.Identify) {
        this.identifies += 1;
        this.dispatch({
          op: GatewayOpcodes.Dispatch,
          t: GatewayDispatchEvents.Ready,
          s: ++this.seq,
          d: {
            v: 10,
            user: { id: BOT_ID, username: 'ict-radar', discriminator: '0', global_name: null, avatar: null, bot: true },
            guilds: [{ id: GUILD_ID, unavailable: true }],
            session_id: 'session-1',
            resume_gateway_url: `ws://127.0.0.1:${this.port}`,
            application: { id: APP_ID, flags: 0 as ApplicationFlags, flags_new: '0' },
            shard: [0, 1],
          },
        } as GatewayDispatchPayload, socket);
        this.dispatch({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.GuildCreate, s: ++this.seq, d: guild() } as GatewayDispatchPayload, socket);
        this.identified?.();
      }
    });
  }

  private async rest(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const body = await readJson(req);
    const path = (req.url ?? '').split('?')[0] as string;
    const call: RestCall = { method: req.method ?? 'GET', path, body, at: Date.now() };
    this.calls.push(call);
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    if (path === '/api/v10/gateway/bot') {
      const result: RESTGetAPIGatewayBotResult = { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } };
      return json(200, result);
    }
    if (path === `/api/v10/applications/${APP_ID}/commands`) {
      if (req.method === 'PUT') this.commands = (body as Array<Record<string, unknown>>).map((c, i) => ({ ...c, id: String(600000000000000000n + BigInt(i)), application_id: APP_ID, version: '1', type: 1 }));
      return json(200, this.commands);
    }
    if (/^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      // Discord answers a callback with 204 and no JSON content type.
      return void res.writeHead(204).end();
    }
    if (path === '/api/v10/users/@me/channels') return json(200, { id: `9${String((body as { recipient_id: string }).recipient_id).slice(1)}`, type: 1, recipients: [] });
    const channel = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path)?.[1];
    if (channel && req.method === 'POST') return this.postMessage(channel, body as Record<string, unknown>, req, res, json);
    return json(404, { message: 'Unknown route', code: 0 });
  }

  /** A message post, under Discord's limits: the global rate, then the channel's bucket, then the nonce. */
  private postMessage(channel: string, body: Record<string, unknown>, req: IncomingMessage, res: import('node:http').ServerResponse, json: Json): void {
    const fault = this.messageFaults.shift();
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'hang') return void this.hanging.add(res);
    if (fault === 500 || fault === 502) return json(fault, { message: 'Internal Server Error', code: 0 });
    if (this.goneChannels.has(channel)) return json(404, { message: 'Unknown Channel', code: 10003 });
    if (this.rateLimitNextMessage || fault === 429) {
      this.rateLimitNextMessage = false;
      this.count429(`channel:${channel}`);
      return json(429, { message: 'You are being rate limited.', retry_after: 0.3, global: false }, { 'retry-after': '1', 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'channel-messages', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.3' });
    }
    // Global: a token bucket of 50 requests refilled at 50 per second.
    const now = Date.now();
    this.globalTokens = Math.min(this.limits.globalPerSecond, this.globalTokens + ((now - this.globalAt) / 1000) * this.limits.globalPerSecond);
    this.globalAt = now;
    if (this.globalTokens < 1) {
      this.count429('global');
      const retryAfter = (1 - this.globalTokens) / this.limits.globalPerSecond;
      return json(429, { message: 'You are being rate limited.', retry_after: retryAfter, global: true }, { 'retry-after': retryAfter.toFixed(3), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
    }
    this.globalTokens -= 1;
    // The channel's bucket: a fixed window opened by its first post. Like Discord, one bucket hash
    // names the route for every channel; the channel (the major parameter) tells the buckets apart.
    let bucket = this.buckets.get(channel);
    if (!bucket || bucket.resetAt <= now) this.buckets.set(channel, (bucket = { count: 0, resetAt: now + this.limits.perChannelWindowMs }));
    const resetAfter = ((bucket.resetAt - now) / 1000).toFixed(3);
    const limitHeaders = (remaining: number) => ({ 'x-ratelimit-bucket': 'channel-messages', 'x-ratelimit-limit': String(this.limits.perChannel), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset-after': resetAfter, 'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3) });
    if (bucket.count >= this.limits.perChannel) {
      this.count429(`channel:${channel}`);
      return json(429, { message: 'You are being rate limited.', retry_after: Number(resetAfter), global: false }, { ...limitHeaders(0), 'retry-after': resetAfter, 'x-ratelimit-scope': 'user' });
    }
    bucket.count += 1;
    const headers = limitHeaders(this.limits.perChannel - bucket.count);
    // enforce_nonce: the same author and nonce within a few minutes gets the first message back.
    const nonceKey = body.enforce_nonce && body.nonce !== undefined ? `${channel}:${String(body.nonce)}` : undefined;
    const earlier = nonceKey ? this.nonces.get(nonceKey) : undefined;
    if (earlier) {
      this.deduplicated += 1;
      return json(200, earlier, headers);
    }
    body.__accepted = true;
    const message = { id: String(700000000000000000n + BigInt(this.calls.length)), channel_id: channel, type: 0, content: (body.content as string | undefined) ?? '', nonce: body.nonce, author: { id: BOT_ID, username: 'ict-radar', discriminator: '0', avatar: null, global_name: null, bot: true }, embeds: [], attachments: [], mentions: [], mention_roles: [], pinned: false, mention_everyone: false, tts: false, timestamp: new Date().toISOString(), edited_timestamp: null, flags: 0, components: [] };
    if (nonceKey) this.nonces.set(nonceKey, message);
    if (fault === 'accept-then-hang') return void this.hanging.add(res);
    return json(200, message, headers);
  }

  private count429(bucket: string): void {
    this.rateLimited.set(bucket, (this.rateLimited.get(bucket) ?? 0) + 1);
  }

}

type Json = (status: number, payload: unknown, headers?: Record<string, string>) => void;

function guild(): GatewayGuildCreateDispatchData {
  return {
    id: GUILD_ID,
    name: 'Radar Test',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '800000000000000001',
    region: 'us-east',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: GUILD_ID, name: '@everyone', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '0', managed: false, mentionable: false, flags: 0 as RoleFlags }],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [],
    channels: [{ id: CHANNEL_ID, type: 0, name: 'ict-news', guild_id: GUILD_ID, position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 }],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let data = '';
  for await (const chunk of req) data += String(chunk);
  if (!data) return {};
  try {
    return JSON.parse(data);
  } catch {
    return { raw: data };
  }
}
