import { App, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { ChatServices } from '../../chat/services.js';
import { createRegistry } from '../../chat/commands/all.js';
import { dispatchWords } from '../../chat/dispatch.js';
import { splitArgs } from '../../chat/text-args.js';
import { type AlertChannel, type Delivery, DeliveryError } from '../../delivery/alert-channel.js';
import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import { slackChannel, slackDirect, type TargetId } from '../../model/target.js';
import type { Logger } from '../../util/logger.js';
import { renderAlert, renderDigest, renderReminder, type SlackMessage } from './render-slack.js';
import type { Digest } from '../../model/digest.js';
import { neutralizeMrkdwn, toMrkdwn } from './slack-text.js';
import { replayGuardedReceiver } from './replay-guard.js';


export interface SlackOptions {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when given; otherwise the HTTP receiver on `port`. */
  appToken?: string;
  port: number;
  /** The Web API base, for proxies and tests (Bolt's clientOptions.slackApiUrl). */
  apiUrl?: string;
  command: string;
  adminIds: string[];
  services: ChatServices;
  logger: Logger;
  /** How long one Web API call may take (default 15 s); a post that times out is checked before it is sent again. */
  requestTimeoutMs?: number;
}

/** The metadata event type that carries a message's delivery id. */
const DELIVERY_EVENT = 'ict_radar_delivery';
/** Slack's one second per channel, counted from the previous post's answer, plus a margin for clock granularity. */
const SLACK_SPACING_MS = 1_010;

// Errors after which retrying cannot help: the channel or the bot's access is gone.
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked', 'user_not_found', 'cannot_dm_bot', 'restricted_action', 'missing_scope']);

/**
 * The Slack adapter: `/radar …` slash commands through Bolt (signed requests verified by
 * Bolt's receiver), replies in the channel or to the caller alone, and alerts and reminders
 * posted with chat.postMessage, at most one message per second per channel.
 */
export class SlackPlatform implements AlertChannel {
  readonly name = 'slack';
  private readonly app: InstanceType<typeof App>;
  private readonly registry;
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly readyAt = new Map<string, number>();
  private readonly adminCache = new Map<string, { isAdmin: boolean; until: number }>();
  private server: Server | undefined;

  constructor(private readonly options: SlackOptions) {
    const apiUrl = options.apiUrl ? (options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`) : undefined;
    this.app = new App({
      token: options.botToken,
      signingSecret: options.signingSecret,
      // Over HTTP, Bolt's receiver behind a guard that refuses a signed request sent twice; Socket Mode is not signed.
      ...(options.appToken ? { socketMode: true, appToken: options.appToken } : { receiver: replayGuardedReceiver({ signingSecret: options.signingSecret, logger: options.logger }) }),
      // No blind retries by the client: a retry after a timeout could post twice. The outbox
      // retries instead, checking the history first; a 429 is waited out here, in post().
      clientOptions: { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: options.requestTimeoutMs ?? 15_000 },
      logLevel: LogLevel.ERROR,
      // Token verification (auth.test) runs in start(), where a failure is caught and reported.
      deferInitialization: true,
    });
    this.registry = createRegistry(`/${options.command}`);
    this.app.command(`/${options.command}`, async ({ command, ack }) => {
      const isDirect = command.channel_id.startsWith('D');
      const personal = slackDirect(command.team_id, command.user_id);
      const reply = await dispatchWords(this.registry, splitArgs(command.text ?? ''), {
        platform: 'slack',
        target: isDirect ? personal : slackChannel(command.team_id, command.channel_id),
        personalTarget: personal,
        isDirect,
        caller: { id: command.user_id, name: command.user_name, isAdmin: await this.isAdmin(command.user_id) },
        services: options.services,
      }, `/${options.command}`);
      await ack({ response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', text: toMrkdwn(reply.text) });
    });
    this.app.error(async (error) => {
      options.logger.error('slack request failed', { error: error.message });
    });
  }

  async start(): Promise<number | undefined> {
    await this.app.init();
    if (this.options.appToken) {
      await this.app.start();
      this.options.logger.info('slack connected (Socket Mode)');
      return undefined;
    }
    this.server = (await this.app.start(this.options.port)) as Server;
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : this.options.port;
    this.options.logger.info('slack listening for slash commands', { port, path: '/slack/events' });
    return port;
  }

  async stop(): Promise<void> {
    await this.app.stop().catch(() => undefined);
  }

  serves(target: TargetId): boolean {
    return target.startsWith('slack:');
  }

  async send(target: TargetId, alert: Alert, delivery?: Delivery): Promise<void> {
    await this.post(target, renderAlert(alert), delivery);
  }

  async sendReminder(target: TargetId, reminder: Reminder, delivery?: Delivery): Promise<void> {
    await this.post(target, renderReminder(reminder), delivery);
  }

  async sendNotice(target: TargetId, text: string, delivery?: Delivery): Promise<void> {
    await this.post(target, { text: neutralizeMrkdwn(text), blocks: [{ type: 'section', text: { type: 'plain_text', text, emoji: false } }] }, delivery);
  }

  async sendDigest(target: TargetId, digest: Digest, delivery?: Delivery): Promise<void> {
    await this.post(target, renderDigest(digest), delivery);
  }

  /**
   * With a delivery id, the message carries it in its metadata, so that `wasDelivered` can find
   * it in the channel's history before a retry.
   */
  private async post(target: TargetId, message: SlackMessage, delivery?: Delivery): Promise<void> {
    try {
      const channel = await this.channelOf(target);
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.inLane(channel, () =>
            this.app.client.chat.postMessage({
              channel,
              text: message.text,
              blocks: message.blocks as never,
              unfurl_links: false,
              unfurl_media: false,
              mrkdwn: true,
              ...(delivery ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { id: delivery.id } } } : {}),
            }),
          );
          return;
        } catch (error) {
          // A 429 means Slack did not take the message: wait as told, then try again (a few times).
          const retryAfter = rateLimitedFor(error);
          if (retryAfter === undefined || attempt >= 3 || retryAfter > 60) throw error;
          this.readyAt.set(channel, Math.max(this.readyAt.get(channel) ?? 0, Date.now() + retryAfter * 1000));
        }
      }
    } catch (error) {
      throw classify(error);
    }
  }

  /**
   * Looks in the channel's history (since the first attempt) for a message of ours with this
   * delivery id. Needs the channels:history scope (groups:history, im:history for private
   * channels and DMs); without it the answer is "not found" and the message is sent again.
   */
  async wasDelivered(target: TargetId, deliveryId: string, sinceMs: number): Promise<boolean> {
    try {
      const channel = await this.channelOf(target);
      let cursor: string | undefined;
      do {
        const page = await this.app.client.conversations.history({ channel, oldest: String(Math.floor(sinceMs / 1000) - 5), include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
        const found = page.messages?.some((m) => m.metadata?.event_type === DELIVERY_EVENT && (m.metadata.event_payload as { id?: string } | undefined)?.id === deliveryId);
        if (found) return true;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return false;
    } catch (error) {
      const reason = (error as { data?: { error?: string } }).data?.error;
      if (reason === 'missing_scope' || reason === 'not_in_channel') {
        this.options.logger.warn('cannot read the channel history to check an earlier attempt; sending again (add the channels:history scope to rule out a repeat)', { target, error: reason });
        return false;
      }
      throw classify(error);
    }
  }

  private async channelOf(target: TargetId): Promise<string> {
    const parts = target.split(':');
    if (parts[2] !== 'dm') return parts[2] as string;
    const opened = await this.app.client.conversations.open({ users: parts[3] as string });
    return opened.channel?.id as string;
  }

  /**
   * Slack allows about one message per second per channel. Posts to one channel run one after
   * another, each a second after the previous one was answered: the answer comes after Slack
   * received the post, so the spacing Slack sees is over a second whatever the network's jitter.
   */
  private inLane<T>(channel: string, post: () => Promise<T>): Promise<T> {
    const run = (this.lanes.get(channel) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const wait = (this.readyAt.get(channel) ?? 0) - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        try {
          return await post();
        } finally {
          this.readyAt.set(channel, Math.max(this.readyAt.get(channel) ?? 0, Date.now() + SLACK_SPACING_MS));
        }
      });
    this.lanes.set(channel, run);
    void run.catch(() => undefined).finally(() => {
      if (this.lanes.get(channel) === run) this.lanes.delete(channel);
    });
    return run;
  }

  private async isAdmin(userId: string): Promise<boolean> {
    if (this.options.adminIds.includes(userId)) return true;
    const cached = this.adminCache.get(userId);
    if (cached && cached.until > Date.now()) return cached.isAdmin;
    try {
      const info = await this.app.client.users.info({ user: userId });
      const isAdmin = Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
      this.adminCache.set(userId, { isAdmin, until: Date.now() + 5 * 60_000 });
      return isAdmin;
    } catch {
      return false; // unknown means no: admin commands are refused rather than allowed
    }
  }
}

/** Seconds to wait when the error is Slack's 429; undefined for any other error. */
function rateLimitedFor(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number };
  return e.code === 'slack_webapi_rate_limited_error' ? (e.retryAfter ?? 1) : undefined;
}

function classify(error: unknown): DeliveryError {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') return new DeliveryError('Slack rate limit', false, (e.retryAfter ?? 1) * 1000);
  const reason = e.data?.error;
  if (reason && PERMANENT.has(reason)) return new DeliveryError(`Slack refused: ${reason}`, true);
  return new DeliveryError(`Slack error: ${reason ?? e.message ?? String(error)}`, false);
}
