import { App, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { ChatServices } from '../../chat/services.js';
import { createRegistry } from '../../chat/commands/all.js';
import { dispatchWords } from '../../chat/dispatch.js';
import { splitArgs } from '../../chat/text-args.js';
import { type AlertChannel, DeliveryError } from '../../delivery/alert-channel.js';
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
}

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
  private readonly nextSlot = new Map<string, number>();
  private readonly adminCache = new Map<string, { isAdmin: boolean; until: number }>();
  private server: Server | undefined;

  constructor(private readonly options: SlackOptions) {
    const apiUrl = options.apiUrl ? (options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`) : undefined;
    this.app = new App({
      token: options.botToken,
      signingSecret: options.signingSecret,
      // Over HTTP, Bolt's receiver behind a guard that refuses a signed request sent twice; Socket Mode is not signed.
      ...(options.appToken ? { socketMode: true, appToken: options.appToken } : { receiver: replayGuardedReceiver({ signingSecret: options.signingSecret, logger: options.logger }) }),
      clientOptions: { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 2 } },
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

  async send(target: TargetId, alert: Alert): Promise<void> {
    await this.post(target, renderAlert(alert));
  }

  async sendReminder(target: TargetId, reminder: Reminder): Promise<void> {
    await this.post(target, renderReminder(reminder));
  }

  async sendNotice(target: TargetId, text: string): Promise<void> {
    await this.post(target, { text: neutralizeMrkdwn(text), blocks: [{ type: 'section', text: { type: 'plain_text', text, emoji: false } }] });
  }

  async sendDigest(target: TargetId, digest: Digest): Promise<void> {
    await this.post(target, renderDigest(digest));
  }

  private async post(target: TargetId, message: SlackMessage): Promise<void> {
    const parts = target.split(':');
    let channel = parts[2] as string;
    try {
      if (parts[2] === 'dm') {
        const opened = await this.app.client.conversations.open({ users: parts[3] as string });
        channel = opened.channel?.id as string;
      }
      await this.paced(channel);
      await this.app.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false, unfurl_media: false, mrkdwn: true });
    } catch (error) {
      throw classify(error);
    }
  }

  /** Slack allows about one message per second per channel: wait for the channel's next slot. */
  private async paced(channel: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot.get(channel) ?? 0);
    // A little over a second, so that network jitter never lands two posts inside one second.
    this.nextSlot.set(channel, at + 1_100);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
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

function classify(error: unknown): DeliveryError {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error') return new DeliveryError('Slack rate limit', false, (e.retryAfter ?? 1) * 1000);
  const reason = e.data?.error;
  if (reason && PERMANENT.has(reason)) return new DeliveryError(`Slack refused: ${reason}`, true);
  return new DeliveryError(`Slack error: ${reason ?? e.message ?? String(error)}`, false);
}
