import { Client, DiscordAPIError, Events, GatewayIntentBits, type Interaction, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import pThrottle from 'p-throttle';
import type { Args, CommandSpec } from '../../chat/command.js';
import { createRegistry } from '../../chat/commands/all.js';
import { dispatchOptions } from '../../chat/dispatch.js';
import type { ChatServices } from '../../chat/services.js';
import { type AlertChannel, type Delivery, DeliveryError } from '../../delivery/alert-channel.js';
import type { Alert } from '../../model/alert.js';
import type { Reminder } from '../../model/reminder.js';
import { discordChannel, discordDirect, type TargetId } from '../../model/target.js';
import type { Logger } from '../../util/logger.js';
import { buildCommands, discordPath, sameCommands } from './command-tree.js';
import { escapeDiscord, renderAlert, renderDigest, renderReminder } from './render-discord.js';
import { fitEscaped } from '../../text/chat-text.js';
import type { Digest } from '../../model/digest.js';

export interface DiscordOptions {
  token: string;
  /** The REST base, for proxies and tests (discord.js's rest.api); the gateway URL comes from GET /gateway/bot. */
  apiUrl?: string;
  command: string;
  adminIds: string[];
  services: ChatServices;
  logger: Logger;
  /** How long one REST request may take before discord.js gives up and retries it (default 15 s). */
  restTimeoutMs?: number;
  /** Gateway shards this client runs: 'auto' asks Discord for its recommended count; absent: one connection. */
  shards?: 'auto' | number;
}

// Refusals after which retrying cannot help: the channel, the user or the bot's access is gone.
const PERMANENT = new Set([10003, 10004, 10013, 50001, 50007, 50013]);
const NO_MENTIONS = { parse: [] as never[] };
/**
 * Discord allows a bot 50 requests per second overall. discord.js counts them in fixed windows,
 * so two windows' bursts can land back to back; message posts also pass this sliding-window
 * throttle, a little under the limit, so that the global limit is never hit from our side.
 */
const POSTS_PER_SECOND = 48;

/** discord.js reads a bare number in `shards` as one shard's id, so a count goes in `shardCount` (shards 0…n-1). */
function shardingOf(shards: DiscordOptions['shards']): { shards?: 'auto'; shardCount?: number } {
  if (shards === 'auto') return { shards: 'auto' };
  return shards === undefined ? {} : { shardCount: shards };
}

/**
 * The Discord adapter: the real discord.js client over the gateway with the Guilds intent only
 * (no privileged intents), `/radar` and `/radar-admin` slash commands registered only when they
 * differ from what Discord has, topic autocomplete, and alerts and reminders as embeds that can
 * ping no one. discord.js's REST manager keeps to Discord's rate limits and waits out a 429.
 */
export class DiscordPlatform implements AlertChannel {
  readonly name = 'discord';
  private readonly client: Client;
  private readonly registry;
  private readonly root: string;
  private readonly throttled = pThrottle({ limit: POSTS_PER_SECOND, interval: 1_000, strict: true })(<T>(request: () => Promise<T>) => request());

  constructor(private readonly options: DiscordOptions) {
    this.root = options.command;
    this.registry = createRegistry(`/${this.root}`);
    this.client = new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: NO_MENTIONS, ...shardingOf(options.shards), rest: { ...(options.apiUrl ? { api: options.apiUrl } : {}), ...(options.restTimeoutMs ? { timeout: options.restTimeoutMs } : {}) } });
    this.client.on(Events.InteractionCreate, (interaction) => {
      void this.onInteraction(interaction).catch((error: unknown) => options.logger.error('discord interaction failed', { error: error instanceof Error ? error.message : String(error) }));
    });
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.token);
    await ready;
    await this.syncCommands();
    this.options.logger.info('discord connected', { guilds: this.client.guilds.cache.size });
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }

  serves(target: TargetId): boolean {
    return target.startsWith('discord:');
  }

  async send(target: TargetId, alert: Alert, delivery?: Delivery): Promise<void> {
    await this.post(target, renderAlert(alert), delivery);
  }

  async sendReminder(target: TargetId, reminder: Reminder, delivery?: Delivery): Promise<void> {
    await this.post(target, renderReminder(reminder), delivery);
  }

  async sendNotice(target: TargetId, text: string, delivery?: Delivery): Promise<void> {
    await this.post(target, { content: fitEscaped(text, 2000, escapeDiscord) }, delivery);
  }

  async sendDigest(target: TargetId, digest: Digest, delivery?: Delivery): Promise<void> {
    await this.post(target, renderDigest(digest), delivery);
  }

  /** Registers the commands only when they differ from what Discord already has. */
  private async syncCommands(): Promise<void> {
    const appId = this.client.application?.id;
    if (!appId) throw new Error('discord: the gateway did not say which application this bot is');
    const wanted = buildCommands(this.registry.all(), this.root);
    const existing = (await this.client.rest.get(Routes.applicationCommands(appId))) as Array<Record<string, unknown>>;
    if (sameCommands(existing, wanted)) {
      this.options.logger.info('discord commands up to date');
      return;
    }
    await this.client.rest.put(Routes.applicationCommands(appId), { body: wanted });
    this.options.logger.info('discord commands registered', { commands: wanted.map((c) => c.name) });
  }

  /**
   * With a delivery id, the message carries it as an enforced nonce: Discord returns the message
   * it already created with that nonce instead of posting again, so a retry after a timeout or a
   * restart after a crash does not post twice (Discord remembers nonces for a few minutes).
   */
  private async post(target: TargetId, body: Record<string, unknown>, delivery?: Delivery): Promise<void> {
    const parts = target.split(':');
    try {
      let channelId = parts[2] as string;
      if (parts[1] === 'dm') {
        const dm = (await this.throttled(() => this.client.rest.post(Routes.userChannels(), { body: { recipient_id: parts[2] } }))) as { id: string };
        channelId = dm.id;
      }
      await this.throttled(() => this.client.rest.post(Routes.channelMessages(channelId), { body: { ...body, allowed_mentions: NO_MENTIONS, ...(delivery ? { nonce: delivery.id, enforce_nonce: true } : {}) } }));
    } catch (error) {
      if (error instanceof DiscordAPIError && typeof error.code === 'number' && PERMANENT.has(error.code)) throw new DeliveryError(`Discord refused: ${error.message}`, true);
      throw new DeliveryError(`Discord error: ${error instanceof Error ? error.message : String(error)}`, false);
    }
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const focused = String(interaction.options.getFocused()).toLowerCase();
      const topics = (await this.options.services.topics.topics()).filter((t) => t.enabled && (t.id.includes(focused) || t.name.toLowerCase().includes(focused)));
      await interaction.respond(topics.slice(0, 25).map((t) => ({ name: `${t.id}: ${t.name}`.slice(0, 100), value: t.id })));
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    const spec = this.specFor(interaction.commandName, interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false));
    const guildId = interaction.guildId;
    const personal = discordDirect(interaction.user.id);
    const target = guildId ? discordChannel(guildId, interaction.channelId) : personal;
    const args: Args = {};
    for (const option of spec?.options ?? []) {
      const value = interaction.options.get(option.name)?.value;
      if (value !== undefined && value !== null) args[option.name] = value as string | number;
    }
    const isAdmin = this.options.adminIds.includes(interaction.user.id) || Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild));
    const reply = await dispatchOptions(this.registry, spec ? [...spec.path] : ['?'], args, {
      platform: 'discord',
      target,
      personalTarget: personal,
      isDirect: !guildId,
      caller: { id: interaction.user.id, name: interaction.user.username, isAdmin },
      services: this.options.services,
    }, `/${this.root}`);
    await interaction.reply({ content: reply.text.slice(0, 2000), allowedMentions: NO_MENTIONS, ...(reply.visibility === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {}) });
  }

  private specFor(command: string, group: string | null, sub: string | null): CommandSpec | undefined {
    const all = this.registry.all();
    return all.find((spec) => {
      const where = discordPath(spec, this.root, all);
      return where.command === command && (where.group ?? null) === (group ?? null) && where.sub === sub;
    });
  }
}
